package dev.resdsl.runtime.graph;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** The running form of {@link ChannelScaleVertex}: forward and backward passes. */
// BaseGraphVertex's setInputs drops the varargs of the interface it implements; not ours to fix.
@SuppressWarnings("overrides")
final class ChannelScale extends ParameterFreeGraphVertex {
  ChannelScale(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, dataType);
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspace) {
    if (!canDoForward()) {
      throw new IllegalStateException("channel scale " + vertexName + ": inputs not set");
    }
    INDArray x = inputs[0];
    INDArray out = workspace.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
    multiply(x, inputs[1], out);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspace) {
    if (!canDoBackward()) {
      throw new IllegalStateException("channel scale " + vertexName + ": epsilon not set");
    }
    INDArray x = inputs[0];
    INDArray weights = inputs[1];
    // d(x * w)/dx = w, broadcast over the positions; d/dw sums epsilon * x over them.
    INDArray gradX =
        workspace.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), x.shape());
    multiply(epsilon, weights, gradX);
    INDArray gradWeights =
        workspace.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(),
            weights.shape());
    gradWeights.assign(epsilon.mul(x).sum(true, 2, 3));
    return new Pair<>(null, new INDArray[] {gradX, gradWeights});
  }

  /** {@code x * weights} with the weights broadcast over the positions, into {@code out}. */
  static void multiply(INDArray x, INDArray weights, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("multiply").addInputs(x, weights).addOutputs(out).build());
  }

  @Override
  public String toString() {
    return "ChannelScale(name=\"" + vertexName + "\")";
  }
}
