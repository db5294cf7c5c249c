package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Decodes image files (PNG, JPEG, BMP, GIF) into a model's input shape, converting each image
 * whose own shape differs; the one decoding of every image reader, on one machine ({@code folder:},
 * prediction) and on a cluster's executors (from the bytes Spark reads). Safe to call from
 * several threads.
 */
public final class ImageDecoder {
  private static final String FORMATS = "PNG, JPEG, BMP or GIF";

  private final Shape target;
  private final String source;
  private final Map<Shape, ImageConversion> conversions = new ConcurrentHashMap<>();

  /**
   * A decoder to {@code target}-shaped images.
   *
   * @param source names the data in errors and notices, as {@code "folder:/data"}
   */
  public ImageDecoder(Shape target, String source) {
    this.target = target;
    this.source = source;
  }

  /** The shape every decoded image has. */
  public Shape target() {
    return target;
  }

  /**
   * Decodes {@code file} into {@code target().size()} bytes of {@code out} at {@code offset}.
   *
   * @throws DataSourceException naming the file if it is missing or not a readable image
   */
  public void decode(Path file, byte[] out, int offset) throws DataSourceException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw unreadable(file.toString(), e);
    }
    write(image, file.toString(), out, offset);
  }

  /**
   * Decodes the encoded image {@code bytes}, read from {@code name}, into {@code
   * target().size()} bytes of {@code out} at {@code offset}.
   *
   * @throws DataSourceException naming {@code name} if the bytes are not a readable image
   */
  public void decode(byte[] bytes, String name, byte[] out, int offset)
      throws DataSourceException {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw unreadable(name, e);
    }
    write(image, name, out, offset);
  }

  /** The shapes of the images converted so far, other than the target. */
  public Set<Shape> convertedShapes() {
    return Set.copyOf(conversions.keySet());
  }

  /**
   * The one-line notice of converting images of {@code shapes} to {@code to}, as {@code
   * "folder:/data: converting 1x28x28 images to the model's input 3x32x32 (...)"}.
   *
   * @param shapes the shapes converted, at least one, each one that converts to {@code to}
   */
  public static String notice(String source, Collection<Shape> shapes, Shape to) {
    if (shapes.size() == 1) {
      try {
        return ImageConversion.between(shapes.iterator().next(), to, source).notice(source);
      } catch (DataSourceException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    TreeSet<String> names = new TreeSet<>();
    shapes.forEach(shape -> names.add(shape.toString()));
    String listed =
        names.size() <= 3
            ? String.join(", ", names)
            : String.join(", ", new ArrayList<>(names).subList(0, 3)) + ", ...";
    return source
        + ": converting images of "
        + names.size()
        + " shapes ("
        + listed
        + ") to the model's input "
        + to
        + " (resized bilinearly; channels replicated or averaged)";
  }

  private DataSourceException unreadable(String name, Exception e) {
    return new DataSourceException(
        source + ": cannot read image " + name + " (" + e.getMessage() + "); replace or remove it",
        e);
  }

  private void write(BufferedImage image, String name, byte[] out, int offset)
      throws DataSourceException {
    if (image == null) {
      throw new DataSourceException(
          source
              + ": "
              + name
              + " is not an image javax.imageio reads ("
              + FORMATS
              + "); convert or remove it");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    Shape shape;
    byte[] pixels;
    if (image.getColorModel().getNumColorComponents() == 1) {
      // Raw samples: getRGB would pass grey through a colour-space conversion and change it.
      Raster raster = image.getRaster();
      int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
      pixels = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          pixels[y * w + x] = (byte) (raster.getSample(x, y, 0) >>> shift);
        }
      }
      shape = new Shape(1, h, w);
    } else {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      pixels = new byte[3 * w * h];
      for (int k = 0; k < argb.length; k++) {
        pixels[k] = (byte) (argb[k] >>> 16);
        pixels[w * h + k] = (byte) (argb[k] >>> 8);
        pixels[2 * w * h + k] = (byte) argb[k];
      }
      shape = new Shape(3, h, w);
    }
    if (shape.equals(target)) {
      System.arraycopy(pixels, 0, out, offset, pixels.length);
      return;
    }
    ImageConversion conversion = conversions.get(shape);
    if (conversion == null) {
      conversion = ImageConversion.between(shape, target, source);
      conversions.putIfAbsent(shape, conversion);
    }
    conversion.convert(pixels, 0, out, offset);
  }
}
