package dev.resdsl.runtime;

/**
 * The shape of one image or activation map, channels first, without the batch dimension, and the
 * size rule every layer follows.
 *
 * <p>It keeps its package, {@code dev.resdsl.runtime}, because generated classes and users' code
 * name it there; it lives in the {@code dsl-model} module so that the processor, which has no
 * runtime, infers shapes with the same type and rule. It is serialisable, so that Spark's tasks
 * carry it as it is.
 *
 * @param channels channels, at least 1
 * @param height height, at least 1
 * @param width width, at least 1
 */
public record Shape(int channels, int height, int width) implements java.io.Serializable {
  /** Checks that every dimension is positive. */
  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape dimensions must be positive, got " + channels + "x" + height + "x" + width);
    }
  }

  /**
   * This shape after a layer with {@code outChannels} outputs and stride {@code stride}: {@code
   * ceil(n / stride)} on each side, what an odd kernel with symmetric padding {@code k/2} gives, and
   * a pool or a zero-padding shortcut too.
   */
  public Shape then(int outChannels, int stride) {
    return new Shape(outChannels, ceilDiv(height, stride), ceilDiv(width, stride));
  }

  /** Whether {@code stride} divides height and width, so that no row or column is dropped. */
  public boolean divisibleBy(int stride) {
    return height % stride == 0 && width % stride == 0;
  }

  private static int ceilDiv(int n, int d) {
    return (n + d - 1) / d;
  }

  /** Values per image: {@code channels * height * width}. */
  public long size() {
    return (long) channels * height * width;
  }

  /** The batch shape {@code [n, channels, height, width]} of {@code n} such images. */
  public long[] batchOf(long n) {
    return new long[] {n, channels, height, width};
  }

  /** Parses {@code "CxHxW"}, the form {@link #toString()} writes. */
  public static Shape parse(String text) {
    String[] parts = text.trim().split("x");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a shape CxHxW: \"" + text + "\"");
    }
    try {
      return new Shape(
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a shape CxHxW: \"" + text + "\"", e);
    }
  }

  /** {@code "CxHxW"}, as the compiler's messages and the summaries write shapes. */
  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
