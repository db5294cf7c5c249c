package dev.resdsl.runtime.exec;

import dev.resdsl.runtime.graph.ConvolutionOps;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's operations on float arrays, NCHW unless a method says otherwise, each writing into
 * arrays the caller owns so that a step allocates nothing. Weights are DL4J's {@code [out, in, kH,
 * kW]}.
 */
final class Ops {
  // libnd4j's pooling integer argument for the layout of the data: 0 = NCHW, 1 = NHWC.
  private static final int NCHW = 0;
  private static final int NHWC = 1;

  private Ops() {}

  static void conv2d(INDArray x, INDArray w, INDArray bias, int groups, int stride, int padding,
      INDArray out) {
    ConvolutionOps.forward(x, w, bias, groups, stride, padding, out);
  }

  /**
   * {@link #conv2d} of one group on NHWC data: libnd4j's oneDNN then runs its brgconv kernels on
   * the arrays as they are, where NCHW costs three activation reorders a call.
   */
  static void conv2dChannelsLast(INDArray x, INDArray w, INDArray bias, int stride, int padding,
      INDArray out) {
    ConvolutionOps.forwardChannelsLast(x, w, bias, stride, padding, out);
  }

  /** Gradients of a convolution: input, weights, and bias when {@code gradBias} is not null. */
  static void conv2dBackprop(INDArray x, INDArray w, INDArray bias, INDArray gradOut, int groups,
      int stride, int padding, INDArray gradIn, INDArray gradW, INDArray gradBias) {
    ConvolutionOps.backward(x, w, bias, gradOut, groups, stride, padding, gradIn, gradW,
        gradBias);
  }

  /** 1 / (1 + exp(-x)). */
  static void sigmoid(INDArray x, INDArray out) {
    Nd4j.exec(new Sigmoid(x, out));
  }

  /** The {@code [N, C]} view of an {@code [N, C, 1, 1]} array, over the same memory. */
  static INDArray channels(INDArray x) {
    return channels(x, 1);
  }

  /** The {@code [N, C]} view of an array whose one position has its channels along {@code axis}. */
  static INDArray channels(INDArray x, int axis) {
    return Nd4j.create(x.data(), new long[] {x.size(0), x.size(axis)},
        new long[] {x.stride(0), x.stride(axis)}, x.offset(), 'c', x.dataType());
  }

  /** (x - mean) / sqrt(variance + epsilon) * gamma + beta, per channel. */
  static void batchNorm(INDArray x, INDArray mean, INDArray variance, INDArray gamma,
      INDArray beta, double epsilon, INDArray out) {
    batchNorm(x, mean, variance, gamma, beta, epsilon, 1, out);
  }

  /** {@link #batchNorm} with the channels along {@code axis}. */
  static void batchNorm(INDArray x, INDArray mean, INDArray variance, INDArray gamma,
      INDArray beta, double epsilon, int axis, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("batchnorm")
        .addInputs(x, mean, variance, gamma, beta)
        .addIntegerArguments(1, 1, axis)
        .addFloatingPointArguments(epsilon)
        .addOutputs(out)
        .build());
  }

  /** {@code x * y} with numpy-style broadcasting. */
  static void multiply(INDArray x, INDArray y, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("multiply").addInputs(x, y).addOutputs(out).build());
  }

  static void relu(INDArray x, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(x).addFloatingPointArguments(0.0)
        .addOutputs(out).build());
  }

  /** {@code gradOut} where {@code output} (of a ReLU) is positive, else 0. */
  static void reluBackprop(INDArray output, INDArray gradOut, INDArray gradIn) {
    Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(output, gradOut)
        .addFloatingPointArguments(0.0).addOutputs(gradIn).build());
  }

  static void pool(Program.Pool pool, INDArray x, INDArray out) {
    pool(pool, x, false, out);
  }

  /** {@link #pool} over NHWC data when {@code channelsLast}. */
  static void pool(Program.Pool pool, INDArray x, boolean channelsLast, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder(pool.max() ? "maxpool2d" : "avgpool2d")
        .addInputs(x)
        .addIntegerArguments(poolArguments(pool, channelsLast ? NHWC : NCHW))
        .addOutputs(out)
        .build());
  }

  /** The input's gradient of {@link #pool}, over NHWC data when {@code channelsLast}. */
  static void poolBackprop(Program.Pool pool, INDArray x, INDArray gradOut, boolean channelsLast,
      INDArray gradIn) {
    Nd4j.exec(DynamicCustomOp.builder(pool.max() ? "maxpool2d_bp" : "avgpool2d_bp")
        .addInputs(x, gradOut)
        .addIntegerArguments(poolArguments(pool, channelsLast ? NHWC : NCHW))
        .addOutputs(gradIn)
        .build());
  }

  private static int[] poolArguments(Program.Pool pool, int layout) {
    int k = pool.kernel();
    int s = pool.stride();
    int p = pool.padding();
    // The ninth argument: 1 for libnd4j's SAME mode, ceil(n / s) windows padded after the image
    // (DL4J's ConvolutionMode.Same); the tenth: for averages, 0 divides by the window's positions
    // inside the image, 1 by the whole window, padding included.
    return new int[] {k, k, s, s, p, p, 1, 1, pool.ceil() ? 1 : 0, pool.includePadding() ? 1 : 0,
        layout};
  }

  static void softmax(INDArray logits, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addIntegerArguments(1)
        .addOutputs(out).build());
  }
}
