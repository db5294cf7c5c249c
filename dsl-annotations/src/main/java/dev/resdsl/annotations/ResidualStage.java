package dev.resdsl.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A stage of residual blocks with the same width; repeat the annotation for each stage, in
 * order. The stage's first block applies the stride and, where the shape changes, the
 * shortcut's adaptation; the other blocks keep the shape.
 *
 * <p>A {@link Block#BASIC} block is two 3x3 convolutions with {@code filters} outputs. A
 * {@link Block#BOTTLENECK} block is 1x1 ({@code filters}), 3x3 ({@code filters}) and 1x1
 * ({@code 4 x filters}) convolutions, so the stage outputs {@code 4 x filters} channels. Every
 * convolution is followed by batch norm; ReLU follows each but the last, which comes after the
 * shortcut is added.
 *
 * <p>The {@link Block#PREACT_BASIC} and {@link Block#PREACT_BOTTLENECK} blocks have the same
 * convolutions in pre-activation order (He et al. 2016): batch norm and ReLU before each
 * convolution, nothing after the addition. A network's stages are all pre-activation or none.
 *
 * <p>{@link #groups()} and {@link #widthPerGroup()} make a bottleneck a ResNeXt block (Xie et al.
 * 2017, "Aggregated Residual Transformations for Deep Neural Networks") or a wide one (Zagoruyko
 * and Komodakis 2016, "Wide Residual Networks"); {@link #squeezeExcitation()} adds a
 * squeeze-and-excitation unit (Hu et al. 2018) to every block's branch.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ResidualStages.class)
public @interface ResidualStage {
  /** Number of residual blocks in the stage; at least 1. */
  int blocks();

  /**
   * Width of the stage: its output channels for BASIC blocks; for BOTTLENECK blocks the output is
   * {@code 4 x filters} and the inner width {@code filters} (with the default groups and width).
   */
  int filters();

  /** Stride of the stage's first block; 2 halves the height and width. */
  int stride() default 1;

  /** How the shortcut joins a block's input to its output; see {@link Shortcut}. */
  Shortcut shortcut() default Shortcut.PROJECTION;

  /** The kind of residual block. */
  Block block() default Block.BASIC;

  /**
   * The stage's name, a Java identifier unique in the spec; it names the layers and the
   * generated {@code Stage} constant (upper-cased). By default {@code stage1}, {@code stage2}, ...
   * in declaration order.
   */
  String name() default "";

  /**
   * A compile-time assertion on the stage's output shape, written {@code "CxHxW"}, such as
   * {@code "2048x7x7"}. Empty, the default, checks nothing.
   */
  String expect() default "";

  /**
   * The number of groups of a bottleneck's 3x3 convolution, ResNeXt's cardinality: each group of
   * channels is convolved on its own. The bottleneck's inner width is {@code filters *
   * widthPerGroup / 64 * groups} (integer division, as torchvision computes it); its output stays
   * {@code 4 x filters}. ResNeXt-50 32x4d has {@code filters = 64, groups = 32, widthPerGroup =
   * 4}. Only bottleneck blocks have groups: another value on a basic block is a compile error.
   */
  int groups() default 1;

  /**
   * The width of each group of a bottleneck's 3x3 convolution, relative to {@code filters}: see
   * {@link #groups()}. Wide ResNet-50-2 has {@code filters = 64, widthPerGroup = 128}, twice the
   * inner width. Another value than 64 on a basic block is a compile error.
   */
  int widthPerGroup() default 64;

  /**
   * 0, the default, for none; else the reduction ratio {@code r} of a squeeze-and-excitation unit
   * (Hu et al. 2018, "Squeeze-and-Excitation Networks") on every block's branch, before the
   * addition: global average pool, 1x1 convolution from the block's {@code C} output channels to
   * {@code C / r} with bias, ReLU, 1x1 convolution back to {@code C} with bias, sigmoid, and the
   * branch scaled channel by channel. {@code r} must divide {@code C} and leave at least one
   * channel.
   */
  int squeezeExcitation() default 0;
}
