package dev.resdsl.runtime.graph;

/**
 * The shortcut of one residual block, as the compiler resolved it from the stage's
 * {@code Shortcut} option and the block's input and output shapes.
 */
public enum BlockShortcut {
  /** The input is added as it is; the shapes match. */
  IDENTITY,
  /** Option A: the input subsampled by the stride, with zero channels appended symmetrically. */
  ZERO_PAD,
  /** A 1x1 convolution with the block's stride, then batch norm. */
  PROJECTION,
  /** No shortcut: a plain block. */
  NONE
}
