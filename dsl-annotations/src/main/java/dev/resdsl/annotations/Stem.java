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
 *
 * <p>In a network of pre-activation blocks the stem is its convolution alone, without batch norm
 * and ReLU, which the first block applies (He et al. 2016).
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

  /**
   * The deep stem of ResNet-C and ResNet-D (He et al. 2019, "Bag of Tricks for Image Classification
   * with Convolutional Neural Networks"): three {@code kernel x kernel} convolutions with {@code
   * filters / 2}, {@code filters / 2} and {@code filters} outputs, each followed by batch norm and
   * ReLU, the first carrying the stride. ResNet-50-D's is {@code @Stem(filters = 64, kernel = 3,
   * stride = 2, pool = Pool.MAX, deep = true)}.
   */
  boolean deep() default false;
}
