package dev.resdsl.model.plan;

/** A kind of parameter a layer holds, named as PyTorch and ONNX name them. */
public enum Parameter {
  /** A convolution's or dense layer's weights. */
  WEIGHT(true),
  /** A convolution's or dense layer's bias. */
  BIAS(true),
  /** A batch norm's scale. */
  GAMMA(true),
  /** A batch norm's shift. */
  BETA(true),
  /** A batch norm's running mean: learnt by averaging, not by gradients. */
  RUNNING_MEAN(false),
  /** A batch norm's running variance (not its logarithm or standard deviation). */
  RUNNING_VAR(false);

  private final boolean trainable;

  Parameter(boolean trainable) {
    this.trainable = trainable;
  }

  /** Whether gradients train it, and torchvision counts it among the parameters. */
  public boolean trainable() {
    return trainable;
  }
}
