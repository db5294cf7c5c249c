package dev.resdsl.annotations;

/** The kind of residual block in a {@link ResidualStage}. */
public enum Block {
  /** Two 3x3 convolutions (ResNet-18/34 and the CIFAR networks). */
  BASIC,
  /**
   * 1x1, 3x3 and 1x1 convolutions with 4x expansion (ResNet-50/101/152); with {@code groups} and
   * {@code widthPerGroup} also ResNeXt's and the wide ResNets' blocks.
   */
  BOTTLENECK,
  /**
   * A pre-activation basic block (He et al. 2016, "Identity Mappings in Deep Residual Networks"):
   * batch norm and ReLU before each of its two 3x3 convolutions, nothing after the addition.
   */
  PREACT_BASIC,
  /**
   * A pre-activation bottleneck block (He et al. 2016): batch norm and ReLU before each of its
   * 1x1, 3x3 and 1x1 convolutions, 4x expansion, nothing after the addition.
   */
  PREACT_BOTTLENECK
}
