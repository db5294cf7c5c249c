package dev.resdsl.annotations;

/** How a residual block's shortcut carries its input to the addition (the paper's options). */
public enum Shortcut {
  /** The input as it is; only valid where the block keeps the shape (else a compile error). */
  IDENTITY,
  /**
   * Option A: parameter-free; the input is subsampled by the stride and the new channels are
   * zeros. Cannot reduce the channel count. In pre-activation blocks it reads the pre-activated
   * input.
   */
  ZERO_PAD,
  /**
   * Option B: a 1x1 convolution and batch norm where the shape changes, identity elsewhere. In
   * pre-activation blocks the convolution alone, reading the block's pre-activated input.
   */
  PROJECTION,
  /** Option C: PROJECTION's convolution (and batch norm) on every block. */
  PROJECTION_ALL,
  /** No shortcut: a plain network, the paper's baseline. */
  NONE,
  /**
   * ResNet-D (He et al. 2019, "Bag of Tricks for Image Classification with Convolutional Neural
   * Networks"): where the shape changes, a 2x2 average pool with the block's stride (ceil mode,
   * padding not counted), then a 1x1 convolution with stride 1 and batch norm; at stride 1 the
   * convolution and batch norm alone; identity elsewhere. On a stage where no block changes the
   * shape it projects nothing, which the compiler warns about.
   */
  AVG_PROJECTION
}
