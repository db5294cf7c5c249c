package dev.resdsl.model;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.StridePlacement;
import java.util.List;

/**
 * What a stage declares about each of its blocks: the kind, the width, ResNeXt's groups and width
 * per group, and the squeeze-and-excitation ratio. Every block of a stage has the same design;
 * only the first one's stride and shortcut differ.
 *
 * <p>A bottleneck's inner width is {@code filters * widthPerGroup / 64 * groups}, in integer
 * arithmetic as torchvision computes it, and its 3x3 convolution has {@code groups} groups; the
 * output stays {@code 4 x filters}. Basic blocks have one group of the default width.
 *
 * @param kind the kind of block
 * @param filters the declared filters
 * @param groups the groups of a bottleneck's 3x3 convolution
 * @param widthPerGroup each group's width relative to {@code filters}, {@value #BASE_WIDTH} for
 *     the ordinary width
 * @param squeezeExcitation the squeeze-and-excitation ratio r, or 0 for none
 */
public record BlockDesign(
    Block kind, int filters, int groups, int widthPerGroup, int squeezeExcitation) {
  /** The width per group at which a bottleneck's inner width is its filters (torchvision's). */
  public static final int BASE_WIDTH = 64;

  /**
   * Checks that the design makes a block: positive sizes, groups only on bottlenecks, an inner
   * width of at least one channel, and a squeeze ratio that divides the output channels.
   */
  public BlockDesign {
    if (filters < 1 || groups < 1 || widthPerGroup < 1 || squeezeExcitation < 0) {
      throw new IllegalArgumentException("a block needs positive filters, groups and width per"
          + " group and a ratio of at least 0, got " + filters + ", " + groups + ", "
          + widthPerGroup + ", " + squeezeExcitation);
    }
    if (!BlockGeometry.isBottleneck(kind) && (groups != 1 || widthPerGroup != BASE_WIDTH)) {
      throw new IllegalArgumentException(
          "a " + kind + " block has one group of width " + BASE_WIDTH + ", got " + groups
              + " of " + widthPerGroup);
    }
    long inner = innerWidth(filters, groups, widthPerGroup);
    if (BlockGeometry.isBottleneck(kind) && (inner < 1 || inner > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException("a bottleneck of " + filters + " filters, " + groups
          + " groups of width " + widthPerGroup + " has an inner width of " + inner);
    }
    int output = BlockGeometry.outputChannels(kind, filters);
    if (squeezeExcitation > 0 && !squeezeFits(output, squeezeExcitation)) {
      throw new IllegalArgumentException("a squeeze ratio of " + squeezeExcitation
          + " does not divide " + output + " channels into at least one");
    }
  }

  /** A block of one group, the ordinary width, and no squeeze-and-excitation. */
  public static BlockDesign of(Block kind, int filters) {
    return new BlockDesign(kind, filters, 1, BASE_WIDTH, 0);
  }

  /** This design with {@code groups} groups of {@code widthPerGroup}. */
  public BlockDesign withGroups(int groups, int widthPerGroup) {
    return new BlockDesign(kind, filters, groups, widthPerGroup, squeezeExcitation);
  }

  /** This design with a squeeze-and-excitation unit of ratio {@code ratio}. */
  public BlockDesign withSqueezeExcitation(int ratio) {
    return new BlockDesign(kind, filters, groups, widthPerGroup, ratio);
  }

  /**
   * A bottleneck's inner width, {@code filters * widthPerGroup / 64 * groups}, in long arithmetic
   * so that a caller can tell a value too large for a channel count.
   */
  public static long innerWidth(int filters, int groups, int widthPerGroup) {
    return (long) filters * widthPerGroup / BASE_WIDTH * groups;
  }

  /** Whether a squeeze ratio divides {@code channels} into at least one whole channel. */
  public static boolean squeezeFits(int channels, int ratio) {
    return ratio > 0 && channels % ratio == 0 && channels / ratio >= 1;
  }

  /** Whether the block is a pre-activation one. */
  public boolean preActivation() {
    return BlockGeometry.isPreActivation(kind);
  }

  /** The block's output channels. */
  public int outputChannels() {
    return BlockGeometry.outputChannels(kind, filters);
  }

  /** The width of a bottleneck's 3x3 convolution; a basic block's filters. */
  public int innerWidth() {
    return BlockGeometry.isBottleneck(kind)
        ? (int) innerWidth(filters, groups, widthPerGroup)
        : filters;
  }

  /** The channels between the squeeze-and-excitation unit's convolutions; 0 without one. */
  public int squeezeChannels() {
    return squeezeExcitation == 0 ? 0 : outputChannels() / squeezeExcitation;
  }

  /** The branch's convolutions in order, each followed (or, pre-activation, led) by batch norm. */
  public List<BlockGeometry.BranchConvolution> branch(
      int stride, StridePlacement bottleneckStride) {
    if (!BlockGeometry.isBottleneck(kind)) {
      return List.of(new BlockGeometry.BranchConvolution(3, filters, stride),
          new BlockGeometry.BranchConvolution(3, filters, 1));
    }
    boolean first = bottleneckStride == StridePlacement.FIRST;
    int inner = innerWidth();
    return List.of(
        new BlockGeometry.BranchConvolution(1, inner, first ? stride : 1),
        new BlockGeometry.BranchConvolution(3, inner, first ? 1 : stride, groups),
        new BlockGeometry.BranchConvolution(1, outputChannels(), 1));
  }
}
