package dev.resdsl.model;

import dev.resdsl.annotations.Shortcut;
import dev.resdsl.runtime.Shape;

/**
 * The shortcut of one residual block, resolved from its stage's {@link Shortcut} option and the
 * block's input and output shapes.
 */
public enum BlockShortcut {
  /** The input is added as it is; the shapes match. */
  IDENTITY,
  /** Option A: the input subsampled by the stride, with zero channels appended symmetrically. */
  ZERO_PAD,
  /**
   * A 1x1 convolution with the block's stride, then batch norm (in a pre-activation block the
   * convolution alone, reading the pre-activated input).
   */
  PROJECTION,
  /** No shortcut: a plain block. */
  NONE,
  /**
   * ResNet-D's shortcut: a 2x2 average pool with the block's stride (ceil mode, padding not
   * counted; none at stride 1), then a 1x1 convolution with stride 1 and batch norm (in a
   * pre-activation block the convolution alone).
   */
  AVG_PROJECTION;

  /**
   * The shortcut a block gets from its stage's option: ZERO_PAD, PROJECTION and AVG_PROJECTION
   * are identities where the shape does not change. An IDENTITY across a shape change, or a ZERO_PAD that would
   * shrink channels, is kept as declared, for the processor to report.
   */
  public static BlockShortcut resolve(Shortcut option, Shape input, Shape output) {
    boolean same = input.equals(output);
    return switch (option) {
      case NONE -> NONE;
      case IDENTITY -> IDENTITY;
      case PROJECTION_ALL -> PROJECTION;
      case ZERO_PAD -> same ? IDENTITY : ZERO_PAD;
      case PROJECTION -> same ? IDENTITY : PROJECTION;
      case AVG_PROJECTION -> same ? IDENTITY : AVG_PROJECTION;
    };
  }
}
