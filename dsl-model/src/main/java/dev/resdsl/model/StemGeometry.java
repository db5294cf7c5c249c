package dev.resdsl.model;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import dev.resdsl.runtime.Shape;
import java.util.List;

/**
 * The stem's convolutions and its pool, as in the paper's ImageNet networks: a 3x3 window, stride
 * 2, padding 1, after the stem's convolution, batch norm and ReLU. The deep stem of ResNet-C and
 * ResNet-D (He et al. 2019) is three convolutions of {@code filters / 2}, {@code filters / 2} and
 * {@code filters} outputs, the first carrying the stride.
 */
public final class StemGeometry {
  /** The pool window's side. */
  public static final int POOL_KERNEL = 3;
  /** The pool's stride. */
  public static final int POOL_STRIDE = 2;
  /** The pool's padding on each side. */
  public static final int POOL_PADDING = 1;
  /** The fewest filters a deep stem can halve into its first two convolutions. */
  public static final int DEEP_MIN_FILTERS = 2;

  private StemGeometry() {}

  /** The stem's convolutions in order: one, or three when {@code deep}. */
  public static List<BranchConvolution> convolutions(
      int filters, int kernel, int stride, boolean deep) {
    if (!deep) {
      return List.of(new BranchConvolution(kernel, filters, stride));
    }
    return List.of(new BranchConvolution(kernel, filters / 2, stride),
        new BranchConvolution(kernel, filters / 2, 1),
        new BranchConvolution(kernel, filters, 1));
  }

  /** The stem's output: its convolution's output, pooled when {@code pool} is not NONE. */
  public static Shape output(Shape convolution, Pool pool) {
    return pool == Pool.NONE ? convolution : convolution.then(convolution.channels(), POOL_STRIDE);
  }
}
