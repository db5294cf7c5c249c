package dev.resdsl.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a residual network on an interface or abstract class (the <em>spec</em>).
 *
 * <p>The processor generates one public final class in the spec's package that builds the
 * network on Deeplearning4j. The network is the optional {@link Stem}, then every
 * {@link ResidualStage} in source order, then the {@link Head}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
  /** The shape of one input image, channels first. */
  Input input();

  /** The number of classes the softmax output distinguishes; at least 1. */
  int classes();

  /**
   * The simple name of the generated class. By default the spec's name without a trailing
   * {@code Spec} ({@code ResNet20Spec} generates {@code ResNet20}), or the spec's name followed
   * by {@code Network} when it does not end in {@code Spec}.
   */
  String name() default "";

  /**
   * A compile-time assertion on the number of trainable parameters (weights, biases, batch-norm
   * gamma and beta; not the running mean and variance), counted as torchvision counts them.
   * Compilation fails when the network has another count. {@code -1}, the default, checks nothing.
   */
  long expectParameters() default -1;

  /**
   * When true, a stride that does not divide the incoming height or width is an error; when
   * false (the default) it is a warning and the size is rounded up, {@code ceil(n / stride)}.
   */
  boolean strict() default false;
}
