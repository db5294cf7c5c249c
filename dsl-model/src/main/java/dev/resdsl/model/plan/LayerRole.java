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
 *     position from 1 ({@code conv2} is 2); 0 for other parts
 */
public record LayerRole(Unit unit, int stage, int block, Part part, int index) {
  /** The parts of a network. */
  public enum Unit {
    /** The stem. */
    STEM,
    /** A residual block. */
    BLOCK,
    /** Global pooling, dropout and the dense softmax layer. */
    HEAD
  }

  /** What a layer is within its unit. */
  public enum Part {
    /** A convolution of the stem or of a block's branch. */
    CONVOLUTION,
    /** The batch norm after such a convolution. */
    BATCH_NORM,
    /** A ReLU inside the stem or a branch. */
    RELU,
    /** The stem's pool. */
    POOL,
    /** A projection shortcut's 1x1 convolution. */
    SHORTCUT_CONVOLUTION,
    /** A projection shortcut's batch norm. */
    SHORTCUT_BATCH_NORM,
    /** Option A's zero-padding shortcut. */
    ZERO_PAD_SHORTCUT,
    /** The sum of branch and shortcut. */
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
