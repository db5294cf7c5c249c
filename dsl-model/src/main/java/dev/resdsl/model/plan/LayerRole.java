package dev.resdsl.model.plan;

/**
 * Where a layer stands in the network and what it does there, so that readers (weight import,
 * export, summaries) find a layer by its role instead of parsing its name.
 *
 * @param unit the stem, a residual block or the head
 * @param stage the stage's position among the stages, from 1; 0 in the stem and the head
 * @param block the block's position in its stage, from 1; 0 in the stem and the head
 * @param part what the layer is within its unit
 * @param index for the branch's convolutions, batch norms and ReLUs (and the stem's), their
 *     position from 1 ({@code conv2} is 2; a pre-activation block's {@code bn2} and {@code relu2}
 *     come before its {@code conv2}); 0 for other parts
 */
public record LayerRole(Unit unit, int stage, int block, Part part, int index) {
  /** The parts of a network. */
  public enum Unit {
    /** The stem. */
    STEM,
    /** A residual block. */
    BLOCK,
    /**
     * Global pooling, dropout and the dense softmax layer, and in a pre-activation network the
     * batch norm and ReLU before them.
     */
    HEAD
  }

  /** What a layer is within its unit. */
  public enum Part {
    /** A convolution of the stem or of a block's branch. */
    CONVOLUTION,
    /**
     * The batch norm after such a convolution; in a pre-activation block the one before it, and in
     * a pre-activation network's head the one after the last stage.
     */
    BATCH_NORM,
    /** A ReLU inside the stem or a branch, or in a pre-activation network's head. */
    RELU,
    /** The stem's pool. */
    POOL,
    /** A projection shortcut's 1x1 convolution. */
    SHORTCUT_CONVOLUTION,
    /** A projection shortcut's batch norm. */
    SHORTCUT_BATCH_NORM,
    /** Option A's zero-padding shortcut. */
    ZERO_PAD_SHORTCUT,
    /** A ResNet-D shortcut's average pool, before its convolution. */
    SHORTCUT_POOL,
    /** A squeeze-and-excitation unit's global average pool. */
    SE_POOL,
    /** A squeeze-and-excitation unit's 1x1 convolution from C to C / r channels, with bias. */
    SE_REDUCE,
    /** A squeeze-and-excitation unit's ReLU. */
    SE_RELU,
    /** A squeeze-and-excitation unit's 1x1 convolution from C / r to C channels, with bias. */
    SE_EXPAND,
    /** A squeeze-and-excitation unit's sigmoid: the weight of each channel. */
    SE_GATE,
    /** The branch scaled by the squeeze-and-excitation unit's weights. */
    SE_SCALE,
    /** The sum of branch and shortcut; a pre-activation block's output. */
    ADD,
    /** The ReLU that ends a block: its output. */
    OUTPUT_RELU,
    /** The head's global pool. */
    GLOBAL_POOL,
    /** The head's dropout. */
    DROPOUT,
    /** The dense softmax output layer. */
    DENSE
  }

  /** A layer of the stem. */
  public static LayerRole stem(Part part, int index) {
    return new LayerRole(Unit.STEM, 0, 0, part, index);
  }

  /** A layer of block {@code block} of stage {@code stage}. */
  public static LayerRole block(int stage, int block, Part part, int index) {
    return new LayerRole(Unit.BLOCK, stage, block, part, index);
  }

  /** A layer of the head. */
  public static LayerRole head(Part part) {
    return new LayerRole(Unit.HEAD, 0, 0, part, 0);
  }
}
