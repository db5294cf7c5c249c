package dev.resdsl.model.plan;

import java.util.List;

/**
 * One parameter of a layer and its shape, in PyTorch's and ONNX's layout: a convolution's weights
 * {@code [out, in, k, k]}, a dense layer's {@code [out, in]}, vectors one-dimensional.
 *
 * @param parameter which parameter
 * @param shape its dimensions
 */
public record ParameterShape(Parameter parameter, List<Long> shape) {
  /** Copies the dimensions. */
  public ParameterShape {
    shape = List.copyOf(shape);
  }

  /** The number of values it holds. */
  public long size() {
    return shape.stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
  }
}
