package dev.resdsl.model;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.StridePlacement;
import java.util.List;

/**
 * The convolutions of a residual block's branch: how many, their kernels, widths, groups and
 * strides. A basic block is two 3x3 convolutions of {@code filters}; a bottleneck is 1x1 to its
 * inner width, 3x3 (grouped, for ResNeXt), and 1x1 to {@link #EXPANSION} times {@code filters},
 * its stride on the first 1x1 (the paper, Keras) or on the 3x3 (torchvision "v1.5"). The
 * pre-activation blocks have the same convolutions as their post-activation counterparts.
 */
public final class BlockGeometry {
  /** How many times its inner width a bottleneck block's output is. */
  public static final int EXPANSION = 4;

  private BlockGeometry() {}

  /**
   * One convolution of a branch (or of a stem).
   *
   * @param kernel kernel side
   * @param channels output channels
   * @param stride stride
   * @param groups the groups its channels are split into, 1 for an ordinary convolution
   */
  public record BranchConvolution(int kernel, int channels, int stride, int groups) {
    /** An ordinary convolution, of one group. */
    public BranchConvolution(int kernel, int channels, int stride) {
      this(kernel, channels, stride, 1);
    }
  }

  /** Whether {@code kind} is a bottleneck, post- or pre-activation. */
  public static boolean isBottleneck(Block kind) {
    return kind == Block.BOTTLENECK || kind == Block.PREACT_BOTTLENECK;
  }

  /** Whether {@code kind} is a pre-activation block. */
  public static boolean isPreActivation(Block kind) {
    return kind == Block.PREACT_BASIC || kind == Block.PREACT_BOTTLENECK;
  }

  /** The output channels of a block of {@code kind} declared with {@code filters}. */
  public static int outputChannels(Block kind, int filters) {
    return isBottleneck(kind) ? EXPANSION * filters : filters;
  }

  /** The branch's convolutions in order, for a block of one group and the default width. */
  public static List<BranchConvolution> branch(
      Block kind, int filters, int stride, StridePlacement bottleneckStride) {
    return BlockDesign.of(kind, filters).branch(stride, bottleneckStride);
  }
}
