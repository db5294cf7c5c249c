package dev.resdsl.runtime.graph;

import java.util.Map;
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
 * The running form of {@link GroupedConvolution}: {@link ConvolutionOps}' grouped convolution,
 * forward and backward, on the layer's parameter and gradient views.
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
    ConvolutionOps.forward(x, getParam(GroupedConvolutionParams.WEIGHTS), bias(params),
        conf.groups(), conf.stride(), conf.padding(), out);
    return out;
  }

  @Override
  public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspace) {
    assertInputSet(true);
    GroupedConvolution conf = layerConf();
    INDArray x = input.castTo(dataType);
    INDArray gradW = gradientViews.get(GroupedConvolutionParams.WEIGHTS);
    INDArray gradIn =
        workspace.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
    ConvolutionOps.backward(x, getParam(GroupedConvolutionParams.WEIGHTS), bias(params), epsilon,
        conf.groups(), conf.stride(), conf.padding(), gradIn, gradW, bias(gradientViews));
    Gradient gradient = new DefaultGradient();
    gradient.gradientForVariable().put(GroupedConvolutionParams.WEIGHTS, gradW);
    if (conf.hasBias()) {
      gradient.gradientForVariable().put(GroupedConvolutionParams.BIAS,
          gradientViews.get(GroupedConvolutionParams.BIAS));
    }
    return new Pair<>(gradient, gradIn);
  }

  /**
   * The {@code [1, out]} bias of a table (parameters or gradients) as a vector view of the same
   * buffer, or null.
   */
  private INDArray bias(Map<String, INDArray> table) {
    INDArray b = layerConf().hasBias() ? table.get(GroupedConvolutionParams.BIAS) : null;
    return b == null ? null : Nd4j.create(b.data(), new long[] {b.length()},
        new long[] {b.stride(1)}, b.offset(), 'c', b.dataType());
  }

  private static long ceilDiv(long n, long d) {
    return (n + d - 1) / d;
  }
}
