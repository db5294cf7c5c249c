package dev.resdsl.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The first convolution of the network: {@code kernel x kernel} convolution with
 * {@code filters} outputs and the given stride, batch norm, ReLU, then the optional pool.
 *
 * <p>The paper's ImageNet stem is {@code @Stem(filters = 64, kernel = 7, stride = 2, pool =
 * Pool.MAX)}; its CIFAR stem is {@code @Stem(filters = 16)}. Without a stem the first stage
 * works on the input directly.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Stem {
  /** Output channels of the stem convolution. */
  int filters();

  /** Side of the square convolution kernel; odd, so that padding {@code kernel / 2} is symmetric. */
  int kernel() default 3;

  /** Stride of the stem convolution. */
  int stride() default 1;

  /**
   * Pooling after the stem: {@link Pool#MAX} is the paper's 3x3 max pool with stride 2 and
   * padding 1, {@link Pool#AVG} the same window averaged, {@link Pool#NONE} no pooling.
   */
  Pool pool() default Pool.NONE;
}
