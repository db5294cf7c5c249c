package dev.resdsl.model;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import java.util.List;

/**
 * What a spec's {@code @Stem} declares: the convolution (or, deep, the three convolutions) and the
 * pool after it.
 *
 * @param filters output channels of the (last) convolution
 * @param kernel kernel side of every convolution, odd
 * @param stride stride of the (first) convolution
 * @param pool the pool after it, or NONE
 * @param deep whether it is ResNet-C's and ResNet-D's three-convolution stem
 */
public record StemDesign(int filters, int kernel, int stride, Pool pool, boolean deep) {
  /** Checks that the sizes are positive and that a deep stem has filters to halve. */
  public StemDesign {
    if (filters < (deep ? StemGeometry.DEEP_MIN_FILTERS : 1) || kernel < 1 || stride < 1) {
      throw new IllegalArgumentException("a stem needs positive sizes (and two filters when"
          + " deep), got " + filters + " filters, kernel " + kernel + ", stride " + stride);
    }
  }

  /** The deep stem of three convolutions, ending in {@code filters}. */
  public static StemDesign deep(int filters, int kernel, int stride, Pool pool) {
    return new StemDesign(filters, kernel, stride, pool, true);
  }

  /** The convolutions in order. */
  public List<BranchConvolution> convolutions() {
    return StemGeometry.convolutions(filters, kernel, stride, deep);
  }
}
