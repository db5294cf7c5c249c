package dev.resdsl.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The classifier after the last stage: global pooling, optional dropout, then a fully connected
 * softmax layer with {@link Network#classes()} outputs. Without this annotation the head is
 * global average pooling and the softmax layer, as in the paper.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Head {
  /**
   * Global pooling over height and width; {@link Pool#NONE} flattens the last stage's output
   * into the fully connected layer instead.
   */
  Pool pool() default Pool.AVG;

  /** Probability of dropping an activation before the fully connected layer, in [0, 1). */
  double dropout() default 0.0;
}
