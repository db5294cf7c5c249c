package dev.resdsl.annotations;

/** The kind of residual block in a {@link ResidualStage}. */
public enum Block {
  /** Two 3x3 convolutions (ResNet-18/34 and the CIFAR networks). */
  BASIC,
  /** 1x1, 3x3 and 1x1 convolutions with 4x expansion (ResNet-50/101/152). */
  BOTTLENECK
}
