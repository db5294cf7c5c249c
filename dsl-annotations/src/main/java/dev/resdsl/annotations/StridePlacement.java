package dev.resdsl.annotations;

/** Which convolution of a bottleneck block carries the stride. */
public enum StridePlacement {
  /** The first 1x1 convolution, as in the paper and Keras. */
  FIRST,
  /** The 3x3 convolution, as in torchvision ("ResNet v1.5"). */
  MIDDLE
}
