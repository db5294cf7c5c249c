package dev.resdsl.processor.model;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockGeometry;
import dev.resdsl.model.LayerConventions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A network spec as declared, extracted from its annotations with defaults applied: the immutable
 * input of shape inference and validation.
 *
 * @param packageName the spec's package, where the class is generated
 * @param specName the spec's name as source code refers to it ({@code Outer.Spec} when nested)
 * @param className the generated class's simple name
 * @param input the input as declared (dimensions may be invalid; validation says so)
 * @param classes the number of classes
 * @param expectParameters the pinned trainable parameter count, or -1
 * @param strict whether a non-dividing stride is an error
 * @param stem the stem, if declared
 * @param stages the stages in declaration order
 * @param head the head (the default head when none is declared)
 * @param conventions the layer conventions (the defaults when none are declared)
 */
public record NetworkDecl(
    String packageName,
    String specName,
    String className,
    InputDecl input,
    int classes,
    long expectParameters,
    boolean strict,
    Optional<StemDecl> stem,
    List<StageDecl> stages,
    HeadDecl head,
    LayerConventions conventions) {

  /** Copies the stage list. */
  public NetworkDecl {
    stages = List.copyOf(stages);
  }

  /**
   * An {@code @Input}, as declared: its dimensions may be zero or negative, which validation
   * reports, so it is not yet a {@link dev.resdsl.runtime.Shape}.
   *
   * @param channels channels
   * @param height height
   * @param width width
   */
  public record InputDecl(int channels, int height, int width) {
    /** {@code "CxHxW"}, as shapes are written. */
    @Override
    public String toString() {
      return channels + "x" + height + "x" + width;
    }
  }

  /**
   * A {@code @Stem}.
   *
   * @param filters output channels
   * @param kernel kernel side
   * @param stride stride
   * @param pool pooling after the stem
   * @param deep whether it is the three-convolution deep stem
   */
  public record StemDecl(int filters, int kernel, int stride, Pool pool, boolean deep) {
    /** A stem of one convolution. */
    public StemDecl(int filters, int kernel, int stride, Pool pool) {
      this(filters, kernel, stride, pool, false);
    }
  }

  /**
   * A {@code @ResidualStage}.
   *
   * @param index 0-based position in the spec
   * @param name the stage's name, declared or defaulted ({@code stage1}, ...)
   * @param blocks number of blocks
   * @param filters width (inner width for bottleneck blocks)
   * @param stride stride of the first block
   * @param shortcut the shortcut option
   * @param block the block kind
   * @param expect the asserted output shape text, or empty
   * @param groups the groups of a bottleneck's 3x3 convolution
   * @param widthPerGroup the width of each group relative to {@code filters}
   * @param squeezeExcitation the squeeze-and-excitation ratio, or 0 for none
   */
  public record StageDecl(
      int index,
      String name,
      int blocks,
      int filters,
      int stride,
      Shortcut shortcut,
      Block block,
      String expect,
      int groups,
      int widthPerGroup,
      int squeezeExcitation) {

    /** A stage of one group, the ordinary width and no squeeze-and-excitation. */
    public StageDecl(int index, String name, int blocks, int filters, int stride,
        Shortcut shortcut, Block block, String expect) {
      this(index, name, blocks, filters, stride, shortcut, block, expect, 1,
          BlockDesign.BASE_WIDTH, 0);
    }

    /** Whether its blocks are pre-activation ones. */
    public boolean preActivation() {
      return BlockGeometry.isPreActivation(block);
    }

    /** Output channels of the stage's blocks. */
    public int outputChannels() {
      return BlockGeometry.outputChannels(block, filters);
    }

    /** The name of the generated {@code Stage} constant. */
    public String constantName() {
      return name.toUpperCase(Locale.ROOT);
    }
  }

  /** Whether the network's blocks are pre-activation ones, as its first stage's are. */
  public boolean preActivation() {
    return !stages.isEmpty() && stages.get(0).preActivation();
  }

  /**
   * A {@code @Head}.
   *
   * @param pool global pooling, or none to flatten
   * @param dropout dropout probability before the dense layer
   */
  public record HeadDecl(Pool pool, double dropout) {}
}
