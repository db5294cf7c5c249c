package dev.resdsl.model;

import dev.resdsl.runtime.Shape;

/**
 * Trainable parameters and multiply-adds of a part of the network, counted as torchvision does:
 * weights, biases, batch-norm gamma and beta; multiply-adds of convolutions and dense layers.
 *
 * @param parameters trainable parameters
 * @param multiplyAdds multiply-adds of one image's forward pass
 */
public record Cost(long parameters, long multiplyAdds) {
  /** Nothing. */
  public static final Cost ZERO = new Cost(0, 0);

  /** A square convolution producing {@code out}, with an optional bias. */
  public static Cost convolution(int kernel, int inChannels, Shape out, boolean bias) {
    long weights = (long) kernel * kernel * inChannels * out.channels();
    long parameters = weights + (bias ? out.channels() : 0);
    return new Cost(parameters, weights * out.height() * out.width());
  }

  /** A batch norm over {@code channels}: gamma and beta are trainable. */
  public static Cost batchNorm(int channels) {
    return new Cost(2L * channels, 0);
  }

  /** A dense layer with bias. */
  public static Cost dense(long inputs, int outputs) {
    return new Cost(inputs * outputs + outputs, inputs * outputs);
  }

  /** The sum of this and another cost. */
  public Cost plus(Cost other) {
    return new Cost(parameters + other.parameters, multiplyAdds + other.multiplyAdds);
  }

  /** This cost {@code n} times. */
  public Cost times(long n) {
    return new Cost(parameters * n, multiplyAdds * n);
  }
}
