package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random changes made to each training image, fresh every epoch: the paper's (section 4.2) zero
 * padding with a random crop back to the original size, and a random horizontal flip.
 *
 * @param pad pixels of zeros added on each side before a random crop back to the image's size; the
 *     image moves by up to {@code pad} pixels each way
 * @param flip whether half the images, at random, are mirrored left to right
 */
public record Augmentation(int pad, boolean flip) {
  /** The paper's CIFAR-10 augmentation: pad 4 pixels, crop 32x32 at random, flip half. */
  public static final Augmentation PAPER = new Augmentation(4, true);

  /** Images as they are. */
  public static final Augmentation NONE = new Augmentation(0, false);

  /** Checks that the padding is not negative. */
  public Augmentation {
    if (pad < 0) {
      throw new IllegalArgumentException("padding cannot be negative, got " + pad);
    }
  }

  /**
   * Writes image {@code image} of {@code data}, changed as {@code random} decides and normalised by
   * {@code table} (from {@link Normalization#table()}), to {@code out} at {@code outOffset}.
   *
   * <p>The padding is of pixel value 0, normalised like any other, as torchvision's {@code
   * RandomCrop(32, padding=4)} pads the image before {@code Normalize}.
   */
  void write(
      ImageDataset data,
      int image,
      float[][] table,
      SplittableRandom random,
      float[] out,
      int outOffset) {
    Shape shape = data.shape();
    int h = shape.height();
    int w = shape.width();
    // Where the crop's corner falls in the padded image, as a shift of the original.
    int dy = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
    int dx = pad == 0 ? 0 : random.nextInt(2 * pad + 1) - pad;
    boolean mirror = flip && random.nextBoolean();
    byte[] pixels = data.pixels();
    int in = data.offset(image);
    for (int c = 0; c < shape.channels(); c++) {
      float[] values = table[c];
      float zero = values[0];
      for (int y = 0; y < h; y++) {
        int row = outOffset + (c * h + y) * w;
        int sy = y + dy;
        if (sy < 0 || sy >= h) {
          Arrays.fill(out, row, row + w, zero);
          continue;
        }
        int source = in + (c * h + sy) * w;
        for (int x = 0; x < w; x++) {
          int sx = (mirror ? w - 1 - x : x) + dx;
          out[row + x] = sx < 0 || sx >= w ? zero : values[pixels[source + sx] & 0xFF];
        }
      }
    }
  }
}
