package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Labelled images of one shape, held in memory as 8-bit pixels (one byte a value, images one after
 * another, each channels-first) and int labels; immutable.
 *
 * <p>Bytes rather than floats because a data set is read many times an epoch but only ever holds
 * 8-bit sources: 60,000 Fashion-MNIST images take 47 MB instead of 188 MB.
 */
public final class ImageDataset {
  private final Shape shape;
  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;

  private ImageDataset(Shape shape, byte[] pixels, int[] labels, List<String> classNames) {
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("a data set needs at least one class");
    }
    if (new HashSet<>(classNames).size() != classNames.size()) {
      throw new IllegalArgumentException("class names repeat: " + classNames);
    }
    if ((long) labels.length * shape.size() != pixels.length) {
      throw new IllegalArgumentException(
          pixels.length + " pixel values are not " + labels.length + " images of " + shape);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException(
            "image " + i + " has label " + labels[i] + ", not in 0.." + (classNames.size() - 1));
      }
    }
    this.shape = shape;
    this.pixels = pixels;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
  }

  /**
   * A data set of copies of the given arrays.
   *
   * @param shape every image's shape
   * @param pixels {@code labels.length} images of {@code shape.size()} values each, channels first,
   *     0..255 read as unsigned
   * @param labels each image's class, {@code 0 <= label < classNames.size()}
   * @param classNames the classes' names, distinct
   * @throws IllegalArgumentException if the sizes disagree or a label is out of range
   */
  public static ImageDataset of(Shape shape, byte[] pixels, int[] labels, List<String> classNames) {
    return new ImageDataset(shape, pixels.clone(), labels.clone(), classNames);
  }

  /** As {@link #of}, taking ownership of arrays nothing else holds (readers build large ones). */
  static ImageDataset wrap(Shape shape, byte[] pixels, int[] labels, List<String> classNames) {
    return new ImageDataset(shape, pixels, labels, classNames);
  }

  /**
   * The byte count of {@code count} images of {@code shape}, or an error naming {@code source} if
   * it exceeds what one Java array holds.
   */
  static int byteCount(Shape shape, long count, String source) throws DataSourceException {
    long bytes = shape.size() * count;
    if (bytes > Integer.MAX_VALUE - 16) {
      throw new DataSourceException(
          source
              + ": "
              + count
              + " images of "
              + shape
              + " need "
              + bytes / (1 << 20)
              + " MB, more than one array holds; use fewer images or a smaller input");
    }
    return (int) bytes;
  }

  /** Every image's shape. */
  public Shape shape() {
    return shape;
  }

  /** The number of images. */
  public int size() {
    return labels.length;
  }

  /** The number of classes, {@code classNames().size()}; some may have no image. */
  public int classes() {
    return classNames.size();
  }

  /** The classes' names, by label. */
  public List<String> classNames() {
    return classNames;
  }

  /** The class of image {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** The number of images of each class, by label. */
  public int[] classCounts() {
    int[] counts = new int[classes()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** One pixel value of image {@code i}, 0..255. */
  public int pixel(int i, int channel, int y, int x) {
    return pixels[offset(i) + (channel * shape.height() + y) * shape.width() + x] & 0xFF;
  }

  /** Image {@code i} as {@code shape().size()} floats in [0, 1], channels first. */
  public float[] image(int i) {
    float[] image = new float[(int) shape.size()];
    int offset = offset(i);
    for (int k = 0; k < image.length; k++) {
      image[k] = (pixels[offset + k] & 0xFF) / 255f;
    }
    return image;
  }

  /** A copy of image {@code i}'s {@code shape().size()} pixel values, channels first. */
  public byte[] imageBytes(int i) {
    int offset = offset(i);
    return Arrays.copyOfRange(pixels, offset, Math.toIntExact(offset + shape.size()));
  }

  /** The first {@code n} images (all if there are fewer), for a shorter run on a large set. */
  public ImageDataset limit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("a data set cannot have " + n + " images");
    }
    if (n >= size()) {
      return this;
    }
    return new ImageDataset(
        shape,
        Arrays.copyOf(pixels, Math.toIntExact(n * shape.size())),
        Arrays.copyOf(labels, n),
        classNames);
  }

  /** Where image {@code i} starts in the pixel array. */
  int offset(int i) {
    if (i < 0 || i >= labels.length) {
      throw new IndexOutOfBoundsException("image " + i + " of " + labels.length);
    }
    return Math.toIntExact(i * shape.size());
  }

  /** The pixel array itself, for readers in this package that never write to it. */
  byte[] pixels() {
    return pixels;
  }

  /** {@code "60000 images 1x28x28, 10 classes"}. */
  @Override
  public String toString() {
    return size() + " images " + shape + ", " + classes() + " classes";
  }
}
