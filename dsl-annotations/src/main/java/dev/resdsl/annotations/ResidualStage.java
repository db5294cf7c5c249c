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
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(ResidualStages.class)
public @interface ResidualStage {
  /** Number of residual blocks in the stage; at least 1. */
  int blocks();

  /** Width of the stage: its output channels for BASIC blocks, the inner width for BOTTLENECK. */
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
}
