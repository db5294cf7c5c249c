package dev.resdsl.model;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.StridePlacement;
import java.util.List;

/**
 * The convolutions of a residual block's branch: how many, their kernels, widths and strides. A
 * basic block is two 3x3 convolutions of {@code filters}; a bottleneck is 1x1 to {@code filters},
 * 3x3, and 1x1 to {@link #EXPANSION} times {@code filters}, its stride on the first 1x1 (the paper,
 * Keras) or on the 3x3 (torchvision "v1.5").
 */
public final class BlockGeometry {
  /** How many times its inner width a bottleneck block's output is. */
  public static final int EXPANSION = 4;

  private BlockGeometry() {}

  /**
   * One convolution of a branch, each followed by batch norm.
   *
   * @param kernel kernel side
   * @param channels output channels
   * @param stride stride
   */
  public record BranchConvolution(int kernel, int channels, int stride) {}

  /** The output channels of a block of {@code kind} declared with {@code filters}. */
  public static int outputChannels(Block kind, int filters) {
    return kind == Block.BOTTLENECK ? EXPANSION * filters : filters;
  }

  /** The branch's convolutions in order; a ReLU follows each one's batch norm but the last's. */
  public static List<BranchConvolution> branch(
      Block kind, int filters, int stride, StridePlacement bottleneckStride) {
    if (kind == Block.BASIC) {
      return List.of(new BranchConvolution(3, filters, stride), new BranchConvolution(3, filters, 1));
    }
    boolean first = bottleneckStride == StridePlacement.FIRST;
    return List.of(
        new BranchConvolution(1, filters, first ? stride : 1),
        new BranchConvolution(3, filters, first ? 1 : stride),
        new BranchConvolution(1, EXPANSION * filters, 1));
  }
}
