package dev.resdsl.runtime.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's square convolution on NCHW arrays with Deeplearning4j's (and PyTorch's) weight layout
 * {@code [out, in, k, k]}, symmetric padding, no dilation: forward and backward, each writing into
 * arrays the caller owns. The grouped convolution layer and the fast engine both run on it.
 */
public final class ConvolutionOps {
  // libnd4j's conv2d integer arguments: layout of the data (0 = NCHW) and of the weights
  // (1 = [out, in, kH, kW], DL4J's).
  private static final int NCHW = 0;
  private static final int OIHW = 1;

  private ConvolutionOps() {}

  /** {@code out = conv(x, w) + bias}; {@code bias} may be null. */
  public static void forward(INDArray x, INDArray w, INDArray bias, int stride, int padding,
      INDArray out) {
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
        .addIntegerArguments(arguments(w, stride, padding))
        .addOutputs(out);
    op = bias == null ? op.addInputs(x, w) : op.addInputs(x, w, bias);
    Nd4j.exec(op.build());
  }

  /**
   * The gradients of a convolution given its output's, {@code gradOut}: the input's, the
   * weights', and the bias's when {@code bias} is not null.
   */
  public static void backward(INDArray x, INDArray w, INDArray bias, INDArray gradOut, int stride,
      int padding, INDArray gradIn, INDArray gradW, INDArray gradBias) {
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp")
        .addIntegerArguments(arguments(w, stride, padding));
    if (bias == null) {
      op = op.addInputs(x, w, gradOut).addOutputs(gradIn, gradW);
    } else {
      op = op.addInputs(x, w, bias, gradOut).addOutputs(gradIn, gradW, gradBias);
    }
    Nd4j.exec(op.build());
  }

  private static int[] arguments(INDArray w, int stride, int padding) {
    int k = (int) w.size(2);
    return new int[] {k, k, stride, stride, padding, padding, 1, 1, 0, NCHW, OIHW};
  }
}
