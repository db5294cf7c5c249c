package dev.resdsl.model;

import dev.resdsl.annotations.Pool;
import dev.resdsl.runtime.Shape;

/**
 * The stem's pool, as in the paper's ImageNet networks: a 3x3 window, stride 2, padding 1, after
 * the stem's convolution, batch norm and ReLU.
 */
public final class StemGeometry {
  /** The pool window's side. */
  public static final int POOL_KERNEL = 3;
  /** The pool's stride. */
  public static final int POOL_STRIDE = 2;
  /** The pool's padding on each side. */
  public static final int POOL_PADDING = 1;

  private StemGeometry() {}

  /** The stem's output: its convolution's output, pooled when {@code pool} is not NONE. */
  public static Shape output(Shape convolution, Pool pool) {
    return pool == Pool.NONE ? convolution : convolution.then(convolution.channels(), POOL_STRIDE);
  }
}
