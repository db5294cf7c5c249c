package dev.resdsl.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The shape of one input image, channels first (NCHW without the batch dimension), as used in
 * {@link Network#input()}. Every dimension must be positive.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Input {
  /** Colour channels: 3 for RGB, 1 for greyscale. */
  int channels();

  /** Image height in pixels. */
  int height();

  /** Image width in pixels. */
  int width();
}
