package dev.resdsl.runtime.exec;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Activations that lie in memory as NHWC behind the NCHW shape the rest of the engine indexes
 * them by: a {@code [N, C, H, W]} view, permuted, of a dense {@code [N, H, W, C]} array. oneDNN's
 * training primitives then read and write them with no reorder, while code that indexes by NCHW
 * dimensions stays correct; element-wise work goes through {@link #dense}, per-layout work through
 * {@link #raw}.
 */
final class ChannelsLast {
  private ChannelsLast() {}

  /** A zeroed NHWC array seen as {@code shape} ({@code [N, C, H, W]}); other ranks stay c order. */
  static INDArray create(long[] shape) {
    if (shape.length != 4) {
      return Nd4j.create(DataType.FLOAT, shape);
    }
    return Nd4j.create(DataType.FLOAT, shape[0], shape[2], shape[3], shape[1])
        .permute(0, 3, 1, 2);
  }

  /** Whether {@code x} is a rank-4 array made by {@link #create}: its channels are densest. */
  static boolean is(INDArray x) {
    return x.rank() == 4 && Arrays.equals(x.stride(), new long[] {
        x.size(1) * x.size(2) * x.size(3), 1, x.size(3) * x.size(1), x.size(1)});
  }

  /** The dense {@code [N, H, W, C]} view of an array made by {@link #create}. */
  static INDArray raw(INDArray x) {
    return Nd4j.create(x.data(), new long[] {x.size(0), x.size(2), x.size(3), x.size(1)},
        Nd4j.getStrides(new long[] {x.size(0), x.size(2), x.size(3), x.size(1)}, 'c'),
        x.offset(), 'c', x.dataType());
  }

  /**
   * The memory of a dense array, whatever its layout, as a vector: operands of an element-wise
   * operation that share a layout can be combined through these views at the speed of contiguous
   * data, where libnd4j walks permuted views index by index.
   */
  static INDArray dense(INDArray x) {
    assert spansItsLength(x) : "not dense: " + x.shapeInfoToString();
    return Nd4j.create(x.data(), new long[] {x.length()}, new long[] {1}, x.offset(), 'c',
        x.dataType());
  }

  /**
   * Whether {@code a} and {@code b} lie in memory alike and densely, so that {@link #dense} pairs
   * their elements index for index: the same shape and strides, and no gaps.
   */
  static boolean sameDenseLayout(INDArray a, INDArray b) {
    return Arrays.equals(a.shape(), b.shape()) && Arrays.equals(a.stride(), b.stride())
        && spansItsLength(a);
  }

  /** Whether the memory from {@code x}'s first element to its last holds nothing else. */
  private static boolean spansItsLength(INDArray x) {
    long last = 0;
    for (int i = 0; i < x.rank(); i++) {
      last += (x.size(i) - 1) * Math.abs(x.stride(i));
    }
    return last + 1 == x.length();
  }
}
