package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The built-in data set: images drawn procedurally from a seed, each one shape on a noisy
 * background, the shape's kind being the class. Nothing is downloaded, and the same seed draws the
 * same pixels on every machine.
 *
 * <p>The task is meant to be learnable by a small ResNet within a few minutes on a CPU, yet to need
 * convolution. Each shape is drawn at a random position, size and slight tilt, so a class is no
 * fixed set of pixels. The foreground colour is a weak hint: the ten classes come in five pairs of
 * one hue each (disc and ring, square and frame, plus and cross, horizontal and vertical stripes,
 * triangle and diamond), and a fifth of the shapes take any hue. A model of single pixels can learn
 * the hue and little else; telling the two shapes of a pair apart takes local edge and texture
 * detectors, which is what convolutions are.
 */
public final class SyntheticImages {
  /** Training images {@code synthetic} draws when no size is given. */
  public static final int DEFAULT_TRAIN_SIZE = 6000;

  /** Test images are this fraction of the training images: 1,000 for the default 6,000. */
  public static final int TRAIN_PER_TEST = 6;

  /** The classes' names, by label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "disc",
          "ring",
          "square",
          "frame",
          "plus",
          "cross",
          "horizontal stripes",
          "vertical stripes",
          "triangle",
          "diamond");

  // One hue (degrees) per pair of classes; 72 degrees apart.
  private static final double[] PAIR_HUES = {0, 72, 144, 216, 288};
  private static final double HUE_JITTER = 18;
  private static final double RANDOM_HUE_FRACTION = 0.2;
  private static final double NOISE = 0.06;
  private static final double HALF_SQRT2 = Math.sqrt(0.5);

  private final Shape shape;
  private final int classes;

  /** Draws images of {@code shape} in all ten classes. */
  public SyntheticImages(Shape shape) {
    this(shape, CLASS_NAMES.size());
  }

  /**
   * Draws images of {@code shape} in the first {@code classes} classes.
   *
   * @throws IllegalArgumentException unless {@code 2 <= classes <= 10}
   */
  public SyntheticImages(Shape shape, int classes) {
    if (classes < 2 || classes > CLASS_NAMES.size()) {
      throw new IllegalArgumentException(
          "synthetic images have 2 to " + CLASS_NAMES.size() + " classes, not " + classes);
    }
    this.shape = shape;
    this.classes = classes;
  }

  /**
   * {@code trainSize} training images and {@code trainSize / 6} (at least one) test images, drawn
   * from independent streams of {@code seed}.
   */
  public DataSplit split(int trainSize, long seed) throws DataSourceException {
    return split(trainSize, testSize(trainSize), seed);
  }

  /** The test images that go with {@code trainSize} training images: a sixth, at least one. */
  public static int testSize(int trainSize) {
    return Math.max(1, trainSize / TRAIN_PER_TEST);
  }

  /** {@code trainSize} training and {@code testSize} test images from independent streams. */
  public DataSplit split(int trainSize, int testSize, long seed) throws DataSourceException {
    return new DataSplit(
        draw(trainSize, Seeds.derive(seed, 0)), draw(testSize, Seeds.derive(seed, 1)));
  }

  /**
   * Part {@code part} of {@code parts} of the training images of {@link #split(int, long)
   * split(trainSize, seed)}: a run of consecutive images, the same pixels, whose classes are as
   * balanced as the whole's; the parts in order make up the whole. A cluster's executors draw
   * their own parts so.
   */
  public ImageDataset trainingPart(int trainSize, long seed, int part, int parts)
      throws DataSourceException {
    return draw(trainSize, Seeds.derive(seed, 0), part, parts);
  }

  /** As {@link #trainingPart}, of the test images of {@code split(trainSize, seed)}. */
  public ImageDataset testPart(int trainSize, long seed, int part, int parts)
      throws DataSourceException {
    return draw(testSize(trainSize), Seeds.derive(seed, 1), part, parts);
  }

  /**
   * {@code count} images, class {@code i % classes} for image i, so the classes are balanced; image
   * i depends only on {@code seed} and i.
   *
   * @throws DataSourceException if so many images do not fit in memory's one array
   */
  public ImageDataset draw(int count, long seed) throws DataSourceException {
    return draw(count, seed, 0, 1);
  }

  /**
   * Part {@code part} of {@code parts} of {@code draw(count, seed)}: images {@code count * part /
   * parts} to {@code count * (part + 1) / parts}, exclusive. Runs, not every {@code parts}-th
   * image: class {@code i % classes} would leave a part of every second image with half the
   * classes.
   */
  private ImageDataset draw(int count, long seed, int part, int parts)
      throws DataSourceException {
    if (count < 0) {
      throw new IllegalArgumentException("cannot draw " + count + " images");
    }
    if (part < 0 || part >= parts) {
      throw new IllegalArgumentException("no part " + part + " of " + parts);
    }
    int first = (int) ((long) count * part / parts);
    int drawn = (int) ((long) count * (part + 1) / parts) - first;
    byte[] pixels = new byte[ImageDataset.byteCount(shape, drawn, "synthetic")];
    int[] labels = new int[drawn];
    int size = (int) shape.size();
    IntStream.range(0, drawn)
        .parallel()
        .forEach(
            j -> {
              int i = first + j;
              labels[j] = i % classes;
              draw(labels[j], new SplittableRandom(Seeds.derive(seed, i)), pixels, j * size);
            });
    return ImageDataset.wrap(shape, pixels, labels, CLASS_NAMES.subList(0, classes));
  }

  private void draw(int label, SplittableRandom random, byte[] out, int offset) {
    int h = shape.height();
    int w = shape.width();
    int side = Math.min(h, w);
    // The background: a dull colour, lit by a gradient in a random direction.
    double[] background =
        rgb(random.nextDouble(360), random.nextDouble(0.35), 0.15 + random.nextDouble(0.35));
    double gradientAngle = random.nextDouble(2 * Math.PI);
    double gradient = random.nextDouble(0.25);
    double gx = Math.cos(gradientAngle) * gradient / side;
    double gy = Math.sin(gradientAngle) * gradient / side;
    // The shape: its pair's hue (or, sometimes, any hue), bright and saturated.
    double hue =
        random.nextDouble() < RANDOM_HUE_FRACTION
            ? random.nextDouble(360)
            : PAIR_HUES[label / 2] + (random.nextDouble(2) - 1) * HUE_JITTER;
    double[] foreground = rgb(hue, 0.55 + random.nextDouble(0.45), 0.6 + random.nextDouble(0.4));
    double radius = side * (0.2 + random.nextDouble(0.22));
    double cx = radius * 0.8 + random.nextDouble(Math.max(1e-9, w - 1.6 * radius));
    double cy = radius * 0.8 + random.nextDouble(Math.max(1e-9, h - 1.6 * radius));
    double tilt = Math.toRadians((random.nextDouble(2) - 1) * 12);
    double cos = Math.cos(tilt);
    double sin = Math.sin(tilt);
    int plane = h * w;
    // Antialiasing matters on small images and costs nine times the work on large ones.
    int subsamples = side <= 64 ? 3 : 1;
    double[] value = new double[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // The fraction of the pixel the shape covers, so that edges are antialiased.
        int inside = 0;
        for (int sy = 0; sy < subsamples; sy++) {
          for (int sx = 0; sx < subsamples; sx++) {
            double dx = (x + (sx + 0.5) / subsamples - cx) / radius;
            double dy = (y + (sy + 0.5) / subsamples - cy) / radius;
            if (inside(label, cos * dx + sin * dy, -sin * dx + cos * dy)) {
              inside++;
            }
          }
        }
        double coverage = inside / (double) (subsamples * subsamples);
        double light = (x - w / 2.0) * gx + (y - h / 2.0) * gy;
        for (int c = 0; c < 3; c++) {
          double back = background[c] + light;
          value[c] = back + coverage * (foreground[c] - back) + random.nextGaussian() * NOISE;
        }
        for (int c = 0; c < shape.channels(); c++) {
          // Grey models see the mean of red, green and blue; others cycle through them.
          double v = shape.channels() == 1 ? (value[0] + value[1] + value[2]) / 3 : value[c % 3];
          out[offset + c * plane + y * w + x] =
              (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
        }
      }
    }
  }

  /** Whether the point (u, v), in units of the shape's radius from its centre, is on the shape. */
  private static boolean inside(int label, double u, double v) {
    double r2 = u * u + v * v;
    double box = Math.max(Math.abs(u), Math.abs(v));
    return switch (label) {
      case 0 -> r2 <= 1; // disc
      case 1 -> r2 <= 1 && r2 >= 0.55 * 0.55; // ring
      case 2 -> box <= 0.85; // square
      case 3 -> box <= 0.85 && box >= 0.5; // frame
      case 4 -> plus(u, v);
      case 5 ->
          plus((u + v) * HALF_SQRT2, (u - v) * HALF_SQRT2); // cross: the plus turned 45 degrees
      case 6 -> r2 <= 1 && stripe(v); // horizontal stripes in a disc, three light bands
      case 7 -> r2 <= 1 && stripe(u); // vertical stripes in a disc
      case 8 -> v <= 0.75 && v >= -0.95 && Math.abs(u) <= (v + 0.95) * 0.6; // triangle, apex up
      case 9 -> Math.abs(u) + Math.abs(v) <= 1; // diamond
      default -> throw new IllegalArgumentException("no class " + label);
    };
  }

  // Two bars 0.44 radius wide crossing at the centre.
  private static boolean plus(double u, double v) {
    double along = Math.max(Math.abs(u), Math.abs(v));
    double across = Math.min(Math.abs(u), Math.abs(v));
    return along <= 0.95 && across <= 0.22;
  }

  // Bands 0.4 radius wide, alternating, symmetric about the centre.
  private static boolean stripe(double t) {
    return Math.floorMod((long) Math.floor((t + 1) / 0.4), 2L) == 0;
  }

  /** Red, green and blue in [0, 1] of a hue in degrees, a saturation and a value. */
  private static double[] rgb(double hue, double saturation, double value) {
    double h = ((hue % 360) + 360) % 360 / 60;
    double c = value * saturation;
    double x = c * (1 - Math.abs(h % 2 - 1));
    double m = value - c;
    double[] rgb;
    switch ((int) h) {
      case 0 -> rgb = new double[] {c, x, 0};
      case 1 -> rgb = new double[] {x, c, 0};
      case 2 -> rgb = new double[] {0, c, x};
      case 3 -> rgb = new double[] {0, x, c};
      case 4 -> rgb = new double[] {x, 0, c};
      default -> rgb = new double[] {c, 0, x};
    }
    for (int i = 0; i < 3; i++) {
      rgb[i] += m;
    }
    return rgb;
  }
}
