package dev.resdsl.model;

import dev.resdsl.annotations.StridePlacement;

/**
 * The layer details a spec's {@code @Conventions} fixes, as generated code declares them and every layer plan applies them.
 *
 * @param convBias whether convolutions have a bias
 * @param batchNormEpsilon batch norm's epsilon
 * @param batchNormDecay batch norm's decay of the running statistics
 * @param bottleneckStride which convolution of a bottleneck block carries the stride
 * @param zeroInitResidual whether the last batch norm of each residual branch starts at gamma 0
 */
public record LayerConventions(
    boolean convBias,
    double batchNormEpsilon,
    double batchNormDecay,
    StridePlacement bottleneckStride,
    boolean zeroInitResidual) {

  /** The paper's defaults, those of {@code @Conventions}. */
  public static final LayerConventions PAPER =
      new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, false);
}
