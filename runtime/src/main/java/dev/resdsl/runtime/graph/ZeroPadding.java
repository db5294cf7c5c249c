package dev.resdsl.runtime.graph;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * The views that make the paper's option A shortcut: the positions a stride keeps, and the
 * channels of a zero-padded output that hold the input's, between the pads.
 */
public final class ZeroPadding {
  private ZeroPadding() {}

  /** The view of NCHW {@code x} at rows and columns 0, stride, 2 * stride, ... */
  public static INDArray sampled(INDArray x, int stride) {
    if (stride == 1) {
      return x;
    }
    return x.get(all(), all(), everyStride(x.size(2), stride), everyStride(x.size(3), stride));
  }

  /**
   * The view of the padded NCHW {@code x} holding the input's {@code inputChannels}: half the pad
   * (rounded down) comes before them.
   */
  public static INDArray inputChannels(INDArray x, long inputChannels) {
    long before = ZeroPadShortcutVertex.channelsBefore(inputChannels, x.size(1));
    return x.get(all(), interval(before, before + inputChannels), all(), all());
  }

  /** {@link #sampled} for NHWC {@code x}, whose rows and columns are dimensions 1 and 2. */
  public static INDArray sampledChannelsLast(INDArray x, int stride) {
    if (stride == 1) {
      return x;
    }
    return x.get(all(), everyStride(x.size(1), stride), everyStride(x.size(2), stride), all());
  }

  /** {@link #inputChannels} for NHWC {@code x}, whose channels are its last dimension. */
  public static INDArray inputChannelsChannelsLast(INDArray x, long inputChannels) {
    long before = ZeroPadShortcutVertex.channelsBefore(inputChannels, x.size(3));
    return x.get(all(), all(), all(), interval(before, before + inputChannels));
  }

  /** The zero channels before the input's when {@code inputChannels} become {@code outputChannels}. */
  public static long channelsBefore(long inputChannels, long outputChannels) {
    return ZeroPadShortcutVertex.channelsBefore(inputChannels, outputChannels);
  }

  private static INDArrayIndex everyStride(long size, int stride) {
    // ND4J refuses a strided interval longer than a dimension of one: take that one position.
    return size == 1 ? all() : interval(0, stride, size);
  }
}
