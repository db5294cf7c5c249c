package dev.resdsl.runtime.graph;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running form of {@link GroupedConvolution}: one libnd4j convolution per group, forward and
 * backward, on C-ordered copies of the group's input channels, with the group's rows of the
 * weights.
 */
final class GroupedConvolutionLayer extends BaseLayer<GroupedConvolution> {
  GroupedConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
    super(conf, dataType);
  }

  @Override
  public Type type() {
    return Type.CONVOLUTIONAL;
  }

  @Override
  public boolean isPretrainLayer() {
    return false;
  }

  @Override
  public INDArray activate(boolean training, LayerWorkspaceMgr workspace) {
    assertInputSet(false);
    GroupedConvolution conf = layerConf();
    INDArray x = input.castTo(dataType);
    long[] in = x.shape();
    long[] outShape = {in[0], conf.getNOut(), ceilDiv(in[2], conf.stride()),
        ceilDiv(in[3], conf.stride())};
    INDArray out = workspace.createUninitialized(ArrayType.ACTIVATIONS, dataType, outShape, 'c');
    Groups g = new Groups(conf);
    INDArray w = getParam(GroupedConvolutionParams.WEIGHTS);
    INDArray b = conf.hasBias() ? getParam(GroupedConvolutionParams.BIAS) : null;
    long[] groupOut = {in[0], g.out, outShape[2], outShape[3]};
    for (int i = 0; i < conf.groups(); i++) {
      INDArray xi = workspace.dup(ArrayType.FF_WORKING_MEM, g.inputs(x, i), 'c');
      INDArray oi = workspace.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, groupOut,
          'c');
      ConvolutionOps.forward(xi, g.weights(w, i), b == null ? null : g.bias(b, i),
          conf.stride(), conf.padding(), oi);
      g.outputs(out, i).assign(oi);
    }
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspace) {
    assertInputSet(true);
    GroupedConvolution conf = layerConf();
    INDArray x = input.castTo(dataType);
    INDArray w = getParam(GroupedConvolutionParams.WEIGHTS);
    INDArray b = conf.hasBias() ? getParam(GroupedConvolutionParams.BIAS) : null;
    INDArray gradW = gradientViews.get(GroupedConvolutionParams.WEIGHTS);
    INDArray gradB = conf.hasBias() ? gradientViews.get(GroupedConvolutionParams.BIAS) : null;
    INDArray gradIn =
        workspace.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
    Groups g = new Groups(conf);
    for (int i = 0; i < conf.groups(); i++) {
      INDArray xi = workspace.dup(ArrayType.BP_WORKING_MEM, g.inputs(x, i), 'c');
      INDArray ei = workspace.dup(ArrayType.BP_WORKING_MEM, g.outputs(epsilon, i), 'c');
      INDArray wi = g.weights(w, i);
      INDArray gi = workspace.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
          xi.shape(), 'c');
      INDArray gwi = workspace.createUninitialized(ArrayType.BP_WORKING_MEM, dataType,
          wi.shape(), 'c');
      INDArray gbi = b == null ? null
          : workspace.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, g.out);
      ConvolutionOps.backward(xi, wi, b == null ? null : g.bias(b, i), ei, conf.stride(),
          conf.padding(), gi, gwi, gbi);
      g.inputs(gradIn, i).assign(gi);
      g.weights(gradW, i).assign(gwi);
      if (gbi != null) {
        g.bias(gradB, i).assign(gbi);
      }
    }
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(GroupedConvolutionParams.WEIGHTS, gradW);
    if (gradB != null) {
      gradient.gradientForVariable().put(GroupedConvolutionParams.BIAS, gradB);
    }
    return new Pair<>(gradient, gradIn);
  }

  private static long ceilDiv(long n, long d) {
    return (n + d - 1) / d;
  }

  /**
   * The views of one group: its input and output channels, its weights' rows, its bias. They are
   * made from the arrays' buffers, offsets and strides: ND4J 1.0.0-M2.1's interval indexing of a
   * {@code [4, 1, 3, 3]} weight array gives a scalar for any row but the first.
   */
  private static final class Groups {
    final long in;
    final long out;

    Groups(GroupedConvolution conf) {
      in = conf.getNIn() / conf.groups();
      out = conf.getNOut() / conf.groups();
    }

    INDArray inputs(INDArray x, int group) {
      return slice(x, 1, group * in, in);
    }

    INDArray outputs(INDArray y, int group) {
      return slice(y, 1, group * out, out);
    }

    INDArray weights(INDArray w, int group) {
      return slice(w, 0, group * out, out);
    }

    /** The group's part of a {@code [1, out]} bias, a vector as libnd4j's conv2d takes it. */
    INDArray bias(INDArray b, int group) {
      return Nd4j.create(b.data(), new long[] {out}, new long[] {b.stride(1)},
          b.offset() + group * out * b.stride(1), 'c', b.dataType());
    }

    /** The view of {@code count} entries of {@code x} along {@code dimension} from {@code from}. */
    private static INDArray slice(INDArray x, int dimension, long from, long count) {
      // Copies: ND4J hands out its own shape and stride arrays.
      long[] shape = x.shape().clone();
      long[] stride = x.stride().clone();
      shape[dimension] = count;
      return Nd4j.create(x.data(), shape, stride, x.offset() + from * stride[dimension],
          x.ordering(), x.dataType());
    }
  }
}
