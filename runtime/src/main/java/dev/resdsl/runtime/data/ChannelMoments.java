package dev.resdsl.runtime.data;

import java.io.Serializable;

/**
 * Exact per-channel sums of pixel values and of their squares over some images: what {@link
 * Normalization#of} measures, in a form that adds up, so that a cluster's partitions measure
 * their own images and the sum gives the same normalisation as one machine's.
 *
 * @param sums each channel's sum of pixel values 0..255
 * @param squares each channel's sum of squared pixel values
 * @param pixels the pixels a channel has over all the images
 */
public record ChannelMoments(long[] sums, long[] squares, long pixels) implements Serializable {
  /** The moments of every pixel of {@code images}. */
  public static ChannelMoments of(ImageDataset images) {
    int channels = images.shape().channels();
    int plane = images.shape().height() * images.shape().width();
    // Exact integer sums: 60,000 x 784 x 255^2 is 3e12, far within a long.
    long[] sum = new long[channels];
    long[] squares = new long[channels];
    byte[] pixels = images.pixels();
    for (int i = 0; i < images.size(); i++) {
      int offset = images.offset(i);
      for (int c = 0; c < channels; c++) {
        long s = 0;
        long q = 0;
        for (int k = offset + c * plane, end = k + plane; k < end; k++) {
          int v = pixels[k] & 0xFF;
          s += v;
          q += v * v;
        }
        sum[c] += s;
        squares[c] += q;
      }
    }
    return new ChannelMoments(sum, squares, (long) images.size() * plane);
  }

  /** The moments of both sets of images together. */
  public ChannelMoments plus(ChannelMoments other) {
    if (other.sums.length != sums.length) {
      throw new IllegalArgumentException(
          "images of " + sums.length + " and of " + other.sums.length + " channels");
    }
    long[] s = sums.clone();
    long[] q = squares.clone();
    for (int c = 0; c < s.length; c++) {
      s[c] += other.sums[c];
      q[c] += other.squares[c];
    }
    return new ChannelMoments(s, q, pixels + other.pixels);
  }

  /**
   * Each channel's mean and standard deviation; a constant channel gets std 1, so that it maps to
   * zero instead of dividing by zero.
   *
   * @throws IllegalArgumentException if there are no pixels
   */
  public Normalization normalization() {
    if (pixels == 0) {
      throw new IllegalArgumentException("cannot measure a normalisation on no images");
    }
    double count = pixels;
    float[] mean = new float[sums.length];
    float[] std = new float[sums.length];
    for (int c = 0; c < sums.length; c++) {
      double m = sums[c] / count;
      double variance = Math.max(0, squares[c] / count - m * m);
      mean[c] = (float) (m / 255);
      std[c] = variance > 0 ? (float) (Math.sqrt(variance) / 255) : 1f;
    }
    return new Normalization(mean, std);
  }
}
