package dev.resdsl.processor.model;

/**
 * The shape of one activation map, channels first, as the compiler infers it.
 *
 * @param channels channels
 * @param height height
 * @param width width
 */
public record TensorShape(int channels, int height, int width) {
  /** This shape after a layer with the given output channels and stride: ceil(n / stride). */
  public TensorShape then(int outChannels, int stride) {
    return new TensorShape(outChannels, ceilDiv(height, stride), ceilDiv(width, stride));
  }

  /** Whether a stride divides this shape's height and width. */
  public boolean divisibleBy(int stride) {
    return height % stride == 0 && width % stride == 0;
  }

  private static int ceilDiv(int n, int d) {
    return (n + d - 1) / d;
  }

  /** {@code "CxHxW"}. */
  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
