package dev.resdsl.runtime.weights;

import java.util.List;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name the tensor's name, such as {@code "layer1.0.conv1.weight"}
 * @param dtype its element type
 * @param shape its dimensions, outermost first; empty for a scalar
 * @param begin the offset of its first byte in the data section (after the header)
 * @param end the offset just past its last byte in the data section
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, long begin, long end) {

  /** Copies the shape so that the entry stays immutable. */
  public TensorInfo {
    shape = List.copyOf(shape);
  }

  /** The number of elements: the product of the shape, 1 for a scalar. */
  public long elements() {
    long n = 1;
    for (long dimension : shape) {
      n = Math.multiplyExact(n, dimension);
    }
    return n;
  }

  /** The shape as an array, as ND4J takes it. */
  public long[] shapeArray() {
    return shape.stream().mapToLong(Long::longValue).toArray();
  }
}
