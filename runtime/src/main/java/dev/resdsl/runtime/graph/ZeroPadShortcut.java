package dev.resdsl.runtime.graph;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The running form of {@link ZeroPadShortcutVertex}: forward and backward passes. */
// BaseGraphVertex's setInputs drops the varargs of the interface it implements; not ours to fix.
@SuppressWarnings("overrides")
final class ZeroPadShortcut extends ParameterFreeGraphVertex {
  private final int channels;
  private final int stride;

  ZeroPadShortcut(
      ComputationGraph graph, String name, int index, int channels, int stride, DataType dataType) {
    super(graph, name, index, dataType);
    this.channels = channels;
    this.stride = stride;
  }

  @Override
  public INDArray doForward(boolean training, LayerWorkspaceMgr workspace) {
    if (!canDoForward()) {
      throw new IllegalStateException("zero-pad shortcut " + vertexName + ": input not set");
    }
    INDArray in = inputs[0];
    long[] shape = in.shape();
    // Created zero-filled: the padded channels stay zero, the middle ones are overwritten.
    INDArray out =
        workspace.create(
            ArrayType.ACTIVATIONS,
            in.dataType(),
            shape[0],
            channels,
            ZeroPadShortcutVertex.sampledSize(shape[2], stride),
            ZeroPadShortcutVertex.sampledSize(shape[3], stride));
    inputChannels(out, shape[1]).assign(sampled(in));
    return out;
  }

  @Override
  public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspace) {
    if (!canDoBackward()) {
      throw new IllegalStateException("zero-pad shortcut " + vertexName + ": epsilon not set");
    }
    long[] shape = inputs[0].shape();
    // The padded channels receive no gradient, and neither do the positions the stride skipped.
    INDArray gradient = workspace.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), shape);
    sampled(gradient).assign(inputChannels(epsilon, shape[1]));
    return new Pair<>(null, new INDArray[] {gradient});
  }

  /** The view of {@code x} at positions 0, s, 2s, ... in height and width. */
  private INDArray sampled(INDArray x) {
    return ZeroPadding.sampled(x, stride);
  }

  private static INDArray inputChannels(INDArray x, long inputChannels) {
    return ZeroPadding.inputChannels(x, inputChannels);
  }

  @Override
  public String toString() {
    return "ZeroPadShortcut(name=\""
        + vertexName
        + "\", channels="
        + channels
        + ", stride="
        + stride
        + ")";
  }
}
