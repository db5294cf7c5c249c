package dev.resdsl.runtime;

/**
 * The shape of one image or activation map, channels first, without the batch dimension.
 *
 * @param channels channels, at least 1
 * @param height height, at least 1
 * @param width width, at least 1
 */
public record Shape(int channels, int height, int width) {
  /** Checks that every dimension is positive. */
  public Shape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "shape dimensions must be positive, got " + channels + "x" + height + "x" + width);
    }
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
