package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Converts images of one shape to another: a bilinear resize of each channel, and one channel
 * replicated to many or three averaged to one.
 *
 * <p>The resize is bilinear with the filter widened when shrinking (as PIL's {@code BILINEAR}
 * does), so that a large photograph shrunk to 32x32 is averaged rather than sampled at a few pixels
 * and aliased.
 */
public final class ImageConversion {
  private final Shape from;
  private final Shape to;
  private final Taps rows;
  private final Taps columns;

  private ImageConversion(Shape from, Shape to) {
    this.from = from;
    this.to = to;
    this.rows = Taps.of(from.height(), to.height());
    this.columns = Taps.of(from.width(), to.width());
  }

  /**
   * The conversion from {@code from} to {@code to}.
   *
   * @param source names the data in the error, as {@code "cifar10:/data"}
   * @throws DataSourceException if the channels cannot be converted: only equal counts, one to many
   *     (replicated) and three to one (averaged) can
   */
  public static ImageConversion between(Shape from, Shape to, String source)
      throws DataSourceException {
    int in = from.channels();
    int out = to.channels();
    if (in != out && in != 1 && !(in == 3 && out == 1)) {
      throw new DataSourceException(
          source
              + ": cannot convert "
              + in
              + "-channel images to the model's "
              + out
              + " channels (only 1 to any, by replicating, and 3 to 1, by averaging); use a model"
              + " with "
              + in
              + " input channels");
    }
    return new ImageConversion(from, to);
  }

  /**
   * Both halves of {@code data} converted to {@code to}, with one notice if anything changes;
   * {@code data} itself if it already has that shape.
   *
   * @param source names the data in the notice and errors, as {@code "cifar10:/data"}
   */
  public static DataSplit convert(DataSplit data, Shape to, String source, Consumer<String> notices)
      throws DataSourceException {
    Shape from = data.train().shape();
    if (from.equals(to)) {
      return data;
    }
    ImageConversion conversion = between(from, to, source);
    notices.accept(conversion.notice(source));
    return new DataSplit(
        conversion.apply(data.train(), source), conversion.apply(data.test(), source));
  }

  /**
   * Every image of {@code data} converted; {@code data} must have this conversion's input shape.
   *
   * @param source names the data in the error of too many images for one array
   */
  public ImageDataset apply(ImageDataset data, String source) throws DataSourceException {
    if (!data.shape().equals(from)) {
      throw new IllegalArgumentException("images are " + data.shape() + ", not " + from);
    }
    byte[] out = new byte[ImageDataset.byteCount(to, data.size(), source)];
    byte[] in = data.pixels();
    int outSize = (int) to.size();
    IntStream.range(0, data.size())
        .parallel()
        .forEach(i -> convert(in, data.offset(i), out, i * outSize));
    int[] labels = new int[data.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    return ImageDataset.wrap(to, out, labels, data.classNames());
  }

  /**
   * What this conversion does, in one line: {@code "fashion-mnist: converting 1x28x28 images to the
   * model's input 3x32x32 (resized bilinearly, 1 channel replicated to 3)"}.
   */
  public String notice(String source) {
    StringBuilder how = new StringBuilder();
    if (from.height() != to.height() || from.width() != to.width()) {
      how.append("resized bilinearly");
    }
    if (from.channels() != to.channels()) {
      if (how.length() > 0) {
        how.append(", ");
      }
      how.append(
          from.channels() == 1
              ? "1 channel replicated to " + to.channels()
              : from.channels() + " channels averaged to 1");
    }
    return source
        + ": converting "
        + from
        + " images to the model's input "
        + to
        + " ("
        + how
        + ")";
  }

  /**
   * Converts one image: {@code from.size()} bytes of {@code in} at {@code inOffset} to {@code
   * to.size()} bytes of {@code out} at {@code outOffset}. Safe to call from several threads.
   */
  void convert(byte[] in, int inOffset, byte[] out, int outOffset) {
    int inPlane = from.height() * from.width();
    int outPlane = to.height() * to.width();
    float[] plane = new float[inPlane];
    float[] resized = new float[outPlane];
    float[] across = new float[from.height() * to.width()];
    boolean mixed = from.channels() != to.channels();
    // Replicating or averaging: one plane to resize, then copied to every output channel.
    int planes = mixed ? 1 : to.channels();
    for (int c = 0; c < planes; c++) {
      if (mixed && from.channels() > 1) {
        for (int k = 0; k < inPlane; k++) {
          int sum = 0;
          for (int d = 0; d < from.channels(); d++) {
            sum += in[inOffset + d * inPlane + k] & 0xFF;
          }
          plane[k] = sum / (float) from.channels();
        }
      } else {
        for (int k = 0; k < inPlane; k++) {
          plane[k] = in[inOffset + c * inPlane + k] & 0xFF;
        }
      }
      resize(plane, across, resized);
      int firstChannel = mixed ? 0 : c;
      int lastChannel = mixed ? to.channels() - 1 : c;
      for (int d = firstChannel; d <= lastChannel; d++) {
        int base = outOffset + d * outPlane;
        for (int k = 0; k < outPlane; k++) {
          out[base + k] = (byte) Math.min(255, Math.max(0, Math.round(resized[k])));
        }
      }
    }
  }

  // Separable: each row across to the new width, then each column down to the new height.
  private void resize(float[] plane, float[] across, float[] resized) {
    int inW = from.width();
    int outW = to.width();
    for (int y = 0; y < from.height(); y++) {
      for (int x = 0; x < outW; x++) {
        float sum = 0;
        int start = columns.start[x];
        float[] weights = columns.weights[x];
        for (int t = 0; t < weights.length; t++) {
          sum += weights[t] * plane[y * inW + start + t];
        }
        across[y * outW + x] = sum;
      }
    }
    for (int y = 0; y < to.height(); y++) {
      int start = rows.start[y];
      float[] weights = rows.weights[y];
      int out = y * outW;
      // Whole rows at a time: the inner loop runs along memory.
      Arrays.fill(resized, out, out + outW, 0f);
      for (int t = 0; t < weights.length; t++) {
        float weight = weights[t];
        int in = (start + t) * outW;
        for (int x = 0; x < outW; x++) {
          resized[out + x] += weight * across[in + x];
        }
      }
    }
  }

  /** For each output index along one axis, the first input index it reads and the weights. */
  private record Taps(int[] start, float[][] weights) {
    static Taps of(int in, int out) {
      int[] start = new int[out];
      float[][] weights = new float[out][];
      double scale = (double) in / out;
      // A triangle filter one input pixel wide when enlarging, one output pixel wide when
      // shrinking.
      double support = Math.max(scale, 1.0);
      for (int o = 0; o < out; o++) {
        double centre = (o + 0.5) * scale;
        // The taps whose centres lie strictly within the support; the rest weigh nothing.
        int first = Math.max(0, (int) Math.floor(centre - support + 0.5));
        int last = Math.min(in - 1, (int) Math.ceil(centre + support - 0.5) - 1);
        double[] w = new double[last - first + 1];
        double total = 0;
        for (int i = first; i <= last; i++) {
          w[i - first] = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
          total += w[i - first];
        }
        // Renormalised so that the edges, where taps fall outside the image, keep their level.
        start[o] = first;
        weights[o] = new float[w.length];
        for (int t = 0; t < w.length; t++) {
          weights[o][t] = (float) (w[t] / total);
        }
      }
      return new Taps(start, weights);
    }
  }
}
