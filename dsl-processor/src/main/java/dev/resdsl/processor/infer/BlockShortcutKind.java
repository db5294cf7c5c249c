package dev.resdsl.processor.infer;

/**
 * The shortcut of one block after resolving the stage's option against the block's shapes;
 * the constants match {@code dev.resdsl.runtime.graph.BlockShortcut}, which generated code uses.
 */
public enum BlockShortcutKind {
  /** The input as it is. */
  IDENTITY,
  /** Option A: subsampled input with zero channels appended. */
  ZERO_PAD,
  /** 1x1 convolution and batch norm. */
  PROJECTION,
  /** No shortcut (a plain block). */
  NONE
}
