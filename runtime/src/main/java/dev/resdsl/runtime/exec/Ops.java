package dev.resdsl.runtime.exec;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's operations on float arrays, NCHW unless a method says otherwise, each writing into
 * arrays the caller owns so that a step allocates nothing. Weights are DL4J's {@code [out, in, kH,
 * kW]}.
 */
final class Ops {
  // libnd4j's conv2d integer arguments: layout of the data (0 = NCHW, 1 = NHWC) and of the
  // weights (1 = [out, in, kH, kW], DL4J's).
  private static final int NCHW = 0;
  private static final int NHWC = 1;
  private static final int OIHW = 1;

  private Ops() {}

  static void conv2d(INDArray x, INDArray w, INDArray bias, int stride, int padding,
      INDArray out) {
    conv2d(x, w, bias, stride, padding, false, out);
  }

  /**
   * {@link #conv2d} with the data NHWC when {@code channelsLast}: libnd4j's oneDNN then runs its
   * brgconv kernels on the arrays as they are, where NCHW costs three activation reorders a call.
   */
  static void conv2d(INDArray x, INDArray w, INDArray bias, int stride, int padding,
      boolean channelsLast, INDArray out) {
    int k = (int) w.size(2);
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
        .addIntegerArguments(k, k, stride, stride, padding, padding, 1, 1, 0,
            channelsLast ? NHWC : NCHW, OIHW)
        .addOutputs(out);
    op = bias == null ? op.addInputs(x, w) : op.addInputs(x, w, bias);
    Nd4j.exec(op.build());
  }

  /** Gradients of a convolution: input, weights, and bias when {@code gradBias} is not null. */
  static void conv2dBackprop(INDArray x, INDArray w, INDArray bias, INDArray gradOut,
      int stride, int padding, INDArray gradIn, INDArray gradW, INDArray gradBias) {
    int k = (int) w.size(2);
    DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp")
        .addIntegerArguments(k, k, stride, stride, padding, padding, 1, 1, 0, NCHW, OIHW);
    if (bias == null) {
      op = op.addInputs(x, w, gradOut).addOutputs(gradIn, gradW);
    } else {
      op = op.addInputs(x, w, bias, gradOut).addOutputs(gradIn, gradW, gradBias);
    }
    Nd4j.exec(op.build());
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

  static void poolBackprop(Program.Pool pool, INDArray x, INDArray gradOut, INDArray gradIn) {
    Nd4j.exec(DynamicCustomOp.builder(pool.max() ? "maxpool2d_bp" : "avgpool2d_bp")
        .addInputs(x, gradOut)
        .addIntegerArguments(poolArguments(pool, NCHW))
        .addOutputs(gradIn)
        .build());
  }

  private static int[] poolArguments(Program.Pool pool, int layout) {
    int k = pool.kernel();
    int s = pool.stride();
    int p = pool.padding();
    // The tenth argument: for averages, 0 divides by the window's positions inside the image,
    // 1 by the whole window, padding included.
    return new int[] {k, k, s, s, p, p, 1, 1, 0, pool.includePadding() ? 1 : 0, layout};
  }

  static void softmax(INDArray logits, INDArray out) {
    Nd4j.exec(DynamicCustomOp.builder("softmax").addInputs(logits).addIntegerArguments(1)
        .addOutputs(out).build());
  }
}
