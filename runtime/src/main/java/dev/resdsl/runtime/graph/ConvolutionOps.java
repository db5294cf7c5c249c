package dev.resdsl.runtime.graph;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's square convolution on NCHW arrays (NHWC where a method says so) with Deeplearning4j's (and PyTorch's) weight layout
 * {@code [out, in / groups, k, k]}, symmetric padding, no dilation: forward and backward, each
 * writing into arrays the caller owns. A grouped convolution is one libnd4j convolution per group
 * (libnd4j has no groups), on C-ordered copies of the group's channels. The grouped convolution
 * layer and the fast engine both run on it.
 */
public final class ConvolutionOps {
  // libnd4j's conv2d integer arguments: layout of the data (0 = NCHW) and of the weights
  // (1 = [out, in, kH, kW], DL4J's).
  private static final int NCHW = 0;
  private static final int NHWC = 1;
  private static final int OIHW = 1;

  private ConvolutionOps() {}

  /** {@code out = conv(x, w) + bias}; {@code bias} may be null. */
  public static void forward(INDArray x, INDArray w, INDArray bias, int stride, int padding,
      INDArray out) {
    convolve(x, w, bias, stride, padding, NCHW, out);
  }

  /** {@link #forward} of one group on NHWC {@code x} and {@code out}. */
  public static void forwardChannelsLast(INDArray x, INDArray w, INDArray bias, int stride,
      int padding, INDArray out) {
    convolve(x, w, bias, stride, padding, NHWC, out);
  }

  private static void convolve(INDArray x, INDArray w, INDArray bias, int stride, int padding,
      int layout, INDArray out) {
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
        .addIntegerArguments(arguments(w, stride, padding, layout))
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
        .addIntegerArguments(arguments(w, stride, padding, NCHW));
    if (bias == null) {
      op = op.addInputs(x, w, gradOut).addOutputs(gradIn, gradW);
    } else {
      op = op.addInputs(x, w, bias, gradOut).addOutputs(gradIn, gradW, gradBias);
    }
    Nd4j.exec(op.build());
  }

  /**
   * {@code out = conv(x, w) + bias} in {@code groups} groups: group {@code g}'s output channels
   * (and rows of {@code w}, and entries of {@code bias}, a vector or null) see only its input
   * channels.
   */
  public static void forward(INDArray x, INDArray w, INDArray bias, int groups, int stride,
      int padding, INDArray out) {
    if (groups == 1) {
      forward(x, w, bias, stride, padding, out);
      return;
    }
    Groups g = new Groups(x.size(1), out.size(1), groups);
    for (int i = 0; i < groups; i++) {
      INDArray outputs = g.outputs(out, i);
      INDArray result = Nd4j.create(out.dataType(), outputs.shape());
      forward(g.inputs(x, i).dup('c'), g.weights(w, i), g.bias(bias, i), stride, padding, result);
      outputs.assign(result);
    }
  }

  /**
   * The gradients of a convolution in {@code groups} groups given its output's: the input's into
   * {@code gradIn}, the weights' into {@code gradW}, the bias's into the vector {@code gradBias}
   * when {@code bias} is not null.
   */
  public static void backward(INDArray x, INDArray w, INDArray bias, INDArray gradOut,
      int groups, int stride, int padding, INDArray gradIn, INDArray gradW, INDArray gradBias) {
    if (groups == 1) {
      backward(x, w, bias, gradOut, stride, padding, gradIn, gradW, gradBias);
      return;
    }
    Groups g = new Groups(x.size(1), gradOut.size(1), groups);
    for (int i = 0; i < groups; i++) {
      INDArray wi = g.weights(w, i);
      INDArray in = g.inputs(x, i).dup('c');
      INDArray gi = Nd4j.create(in.dataType(), in.shape());
      INDArray gwi = Nd4j.create(wi.dataType(), wi.shape());
      INDArray gbi = bias == null ? null : Nd4j.create(bias.dataType(), g.out);
      backward(in, wi, g.bias(bias, i), g.outputs(gradOut, i).dup('c'), stride, padding, gi,
          gwi, gbi);
      g.inputs(gradIn, i).assign(gi);
      g.weights(gradW, i).assign(gwi);
      if (gbi != null) {
        g.bias(gradBias, i).assign(gbi);
      }
    }
  }

  /**
   * The views of one group: its input and output channels, its weights' rows, its part of a bias
   * vector. They are made from the arrays' buffers, offsets and strides: ND4J 1.0.0-M2.1's
   * interval indexing of a {@code [4, 1, 3, 3]} weight array gives a scalar for any row but the
   * first.
   */
  private record Groups(long in, long out) {
    Groups(long inputChannels, long outputChannels, int groups) {
      this(inputChannels / groups, outputChannels / groups);
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

    INDArray bias(INDArray b, int group) {
      return b == null ? null : slice(b, 0, group * out, out);
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

  private static int[] arguments(INDArray w, int stride, int padding, int layout) {
    int k = (int) w.size(2);
    return new int[] {k, k, stride, stride, padding, padding, 1, 1, 0, layout, OIHW};
  }
}
