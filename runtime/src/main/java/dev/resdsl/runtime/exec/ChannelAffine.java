package dev.resdsl.runtime.exec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code out = x * scale + shift} per channel of an NCHW array, through libnd4j's {@code
 * batchnorm} op with mean 0 and variance {@code 1 - epsilon}: one pass, where ND4J's broadcasts
 * along the channel axis are several times slower on these shapes.
 */
final class ChannelAffine {
  private static final double EPSILON = 1e-5;

  private final INDArray zeros;
  private final INDArray unitVariance;

  ChannelAffine(long channels) {
    zeros = Nd4j.zeros(DataType.FLOAT, channels);
    unitVariance = Nd4j.valueArrayOf(new long[] {channels}, 1 - EPSILON, DataType.FLOAT);
  }

  /** {@code x * scale + shift}, both {@code [C]}. */
  void scaleAndShift(INDArray x, INDArray scale, INDArray shift, INDArray out) {
    Ops.batchNorm(x, zeros, unitVariance, scale, shift, EPSILON, out);
  }

  /** {@code x * scale}. */
  void scale(INDArray x, INDArray scale, INDArray out) {
    scaleAndShift(x, scale, zeros, out);
  }
}
