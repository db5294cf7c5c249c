package dev.resdsl.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Implementation details on which published ResNets differ. The defaults are the paper's; the
 * torchvision models use {@code @Conventions(bottleneckStride = StridePlacement.MIDDLE)}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Conventions {
  /** Whether convolutions have a bias; the paper's do not, since batch norm follows each. */
  boolean convBias() default false;

  /** Batch norm's epsilon, added to the variance; positive. */
  double batchNormEpsilon() default 1e-5;

  /**
   * Batch norm's decay of the running statistics, in [0, 1): {@code running = decay * running +
   * (1 - decay) * batch}. 0.9 is PyTorch's {@code momentum = 0.1}.
   */
  double batchNormDecay() default 0.9;

  /** Which convolution of a bottleneck block carries the stage's stride. */
  StridePlacement bottleneckStride() default StridePlacement.FIRST;

  /**
   * Whether the last batch norm of every residual branch starts with gamma = 0, so that each
   * block starts as the identity (Goyal et al., 2017).
   */
  boolean zeroInitResidual() default false;
}
