package dev.resdsl.annotations;

/** How a residual block's shortcut carries its input to the addition (the paper's options). */
public enum Shortcut {
  /** The input as it is; only valid where the block keeps the shape (else a compile error). */
  IDENTITY,
  /**
   * Option A: parameter-free; the input is subsampled by the stride and the new channels are
   * zeros. Cannot reduce the channel count.
   */
  ZERO_PAD,
  /** Option B: a 1x1 convolution and batch norm where the shape changes, identity elsewhere. */
  PROJECTION,
  /** Option C: a 1x1 convolution and batch norm on every block. */
  PROJECTION_ALL,
  /** No shortcut: a plain network, the paper's baseline. */
  NONE
}
