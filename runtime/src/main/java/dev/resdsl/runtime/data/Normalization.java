package dev.resdsl.runtime.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel standardisation of pixel values in [0, 1]: {@code (value - mean[c]) / std[c]}, with
 * the mean and standard deviation measured on the training images, as the paper does by subtracting
 * the per-pixel mean. A checkpoint stores it (see {@link #toString()}) so that a model is evaluated
 * on inputs scaled as it was trained.
 *
 * @param mean each channel's mean, in [0, 1]
 * @param std each channel's standard deviation, positive
 */
public record Normalization(float[] mean, float[] std) {
  /** Checks the arrays and copies them, so that the record stays immutable. */
  public Normalization {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "a normalisation needs one mean and one std a channel, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (int c = 0; c < mean.length; c++) {
      if (!Float.isFinite(mean[c]) || !(std[c] > 0) || !Float.isFinite(std[c])) {
        throw new IllegalArgumentException(
            "channel "
                + c
                + " has mean "
                + mean[c]
                + " and std "
                + std[c]
                + "; a std must be positive and both finite");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The mean and standard deviation of each channel over every pixel of {@code train}. A channel
   * that is constant gets std 1, so that it maps to zero instead of dividing by zero.
   */
  public static Normalization of(ImageDataset train) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("cannot measure a normalisation on no images");
    }
    return ChannelMoments.of(train).normalization();
  }

  /** No change: mean 0 and std 1 on every channel. */
  public static Normalization identity(int channels) {
    float[] zeros = new float[channels];
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    return new Normalization(zeros, ones);
  }

  /**
   * Reads the form {@link #toString()} writes, {@code "0.4914,0.4822,0.4465;0.247,0.243,0.261"}.
   *
   * @throws IllegalArgumentException if {@code text} is not of that form
   */
  public static Normalization parse(String text) {
    String[] halves = text.trim().split(";", -1);
    if (halves.length != 2) {
      throw new IllegalArgumentException("not a normalisation MEAN,...;STD,...: \"" + text + "\"");
    }
    return new Normalization(floats(halves[0], text), floats(halves[1], text));
  }

  private static float[] floats(String list, String text) {
    String[] parts = list.split(",", -1);
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Float.parseFloat(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "not a normalisation MEAN,...;STD,...: \"" + text + "\"", e);
      }
    }
    return values;
  }

  /** Each channel's mean, a copy. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** Each channel's standard deviation, a copy. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** The number of channels it applies to. */
  public int channels() {
    return mean.length;
  }

  /**
   * Normalises {@code images}, NCHW floats in [0, 1], in place, and returns them.
   *
   * @throws IllegalArgumentException if they are not NCHW with this many channels
   */
  public INDArray apply(INDArray images) {
    if (images.rank() != 4 || images.size(1) != channels()) {
      throw new IllegalArgumentException(
          "expected NCHW images of "
              + channels()
              + " channels, got shape "
              + Arrays.toString(images.shape()));
    }
    INDArray m = Nd4j.create(mean, new long[] {channels()}, images.dataType());
    INDArray s = Nd4j.create(std, new long[] {channels()}, images.dataType());
    Nd4j.getExecutioner().exec(new BroadcastSubOp(images, m, images, 1));
    Nd4j.getExecutioner().exec(new BroadcastDivOp(images, s, images, 1));
    return images;
  }

  /**
   * For each channel, the normalised value of each byte 0..255, so that a batch is filled by
   * lookups rather than arithmetic.
   */
  float[][] table() {
    float[][] table = new float[channels()][256];
    for (int c = 0; c < channels(); c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = (v / 255f - mean[c]) / std[c];
      }
    }
    return table;
  }

  /** Value equality, as the array components would otherwise compare by identity. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Normalization n
        && Arrays.equals(mean, n.mean)
        && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  /**
   * {@code "MEAN,...;STD,..."}, each value as {@link Float#toString(float)} writes it so that
   * {@link #parse} gives back the same floats.
   */
  @Override
  public String toString() {
    return join(mean) + ";" + join(std);
  }

  private static String join(float[] values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ",").append(Float.toString(values[i]));
    }
    return text.toString();
  }
}
