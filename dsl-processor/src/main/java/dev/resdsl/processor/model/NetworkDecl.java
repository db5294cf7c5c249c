package dev.resdsl.processor.model;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
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
   */
  public record StemDecl(int filters, int kernel, int stride, Pool pool) {}

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
   */
  public record StageDecl(
      int index,
      String name,
      int blocks,
      int filters,
      int stride,
      Shortcut shortcut,
      Block block,
      String expect) {

    /** Output channels of the stage's blocks. */
    public int outputChannels() {
      return BlockGeometry.outputChannels(block, filters);
    }

    /** The name of the generated {@code Stage} constant. */
    public String constantName() {
      return name.toUpperCase(Locale.ROOT);
    }
  }

  /**
   * A {@code @Head}.
   *
   * @param pool global pooling, or none to flatten
   * @param dropout dropout probability before the dense layer
   */
  public record HeadDecl(Pool pool, double dropout) {}
}
