package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a directory of images with one sub-folder per class (the layout of torchvision's {@code
 * ImageFolder}), either split already into {@code train/} and {@code test/} or split here, 90/10
 * per class with a seeded shuffle. Every image is converted to the model's input as it is read,
 * since a folder's images need not share one size.
 */
final class ImageFolders {
  private static final String FORMATS = "PNG, JPEG, BMP or GIF";

  private ImageFolders() {}

  /**
   * The images under {@code dir} as {@code target}-shaped images; class names are the sorted
   * sub-folder names.
   */
  static DataSplit read(Path dir, Shape target, long seed, String source, Consumer<String> notices)
      throws DataSourceException {
    Path trainDir = dir.resolve("train");
    Path testDir = dir.resolve("test");
    Map<String, List<Path>> train;
    Map<String, List<Path>> test;
    if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
      train = classFolders(trainDir, source);
      test = classFolders(testDir, source);
      for (String name : test.keySet()) {
        if (!train.containsKey(name)) {
          throw new DataSourceException(
              source
                  + ": "
                  + testDir.resolve(name)
                  + " is a class with no folder in "
                  + trainDir
                  + "; add "
                  + trainDir.resolve(name)
                  + " or remove it");
        }
      }
    } else {
      train = classFolders(dir, source);
      test = new LinkedHashMap<>();
      for (Map.Entry<String, List<Path>> entry : train.entrySet()) {
        List<Path> files = new ArrayList<>(entry.getValue());
        Collections.shuffle(files, new Random(Seeds.derive(seed, entry.getKey())));
        // A tenth held out, at least one image once a class has two.
        int held = files.size() < 2 ? 0 : Math.max(1, Math.round(files.size() / 10f));
        test.put(entry.getKey(), List.copyOf(files.subList(0, held)));
        entry.setValue(List.copyOf(files.subList(held, files.size())));
      }
    }
    for (Map.Entry<String, List<Path>> entry : train.entrySet()) {
      if (entry.getValue().isEmpty()) {
        throw new DataSourceException(
            source
                + ": class "
                + entry.getKey()
                + " has no training images; add some or remove"
                + " its folder");
      }
    }
    List<String> classNames = List.copyOf(train.keySet());
    Map<Shape, ImageConversion> conversions = new ConcurrentHashMap<>();
    ImageDataset trainSet = decode(train, classNames, target, conversions, source);
    ImageDataset testSet = decode(test, classNames, target, conversions, source);
    if (!conversions.isEmpty()) {
      notices.accept(notice(source, conversions, target));
    }
    return new DataSplit(trainSet, testSet);
  }

  // Sorted class folders, each with its sorted files; hidden entries (".DS_Store") are skipped.
  private static Map<String, List<Path>> classFolders(Path dir, String source)
      throws DataSourceException {
    Map<String, List<Path>> classes = new LinkedHashMap<>();
    try {
      for (Path folder : sortedEntries(dir)) {
        if (Files.isDirectory(folder)) {
          List<Path> files = new ArrayList<>();
          for (Path file : sortedEntries(folder)) {
            if (Files.isRegularFile(file)) {
              files.add(file);
            }
          }
          classes.put(folder.getFileName().toString(), files);
        }
      }
    } catch (IOException e) {
      throw new DataSourceException(source + ": cannot list " + dir + " (" + e + ")", e);
    }
    if (classes.isEmpty()) {
      throw new DataSourceException(
          source
              + ": "
              + dir
              + " has no class folders; put each class's images in a sub-folder"
              + " named after it");
    }
    return classes;
  }

  private static List<Path> sortedEntries(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(path -> !path.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static ImageDataset decode(
      Map<String, List<Path>> classes,
      List<String> classNames,
      Shape target,
      Map<Shape, ImageConversion> conversions,
      String source)
      throws DataSourceException {
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Map.Entry<String, List<Path>> entry : classes.entrySet()) {
      for (Path file : entry.getValue()) {
        files.add(file);
        labels.add(classNames.indexOf(entry.getKey()));
      }
    }
    return decode(files, labels.stream().mapToInt(Integer::intValue).toArray(), classNames,
        target, conversions, source);
  }

  /**
   * Decodes {@code files} into images of {@code target}, converting each image whose own shape
   * differs; the first unreadable file by list order is the error.
   */
  static ImageDataset decode(
      List<Path> files,
      int[] labels,
      List<String> classNames,
      Shape target,
      Map<Shape, ImageConversion> conversions,
      String source)
      throws DataSourceException {
    byte[] pixels = new byte[ImageDataset.byteCount(target, files.size(), source)];
    int size = (int) target.size();
    // Decoded in parallel; the first failure by file order is reported, whatever thread saw it.
    DataSourceException[] failures = new DataSourceException[files.size()];
    IntStream.range(0, files.size())
        .parallel()
        .forEach(
            i -> {
              try {
                Decoded image = decode(files.get(i), source);
                ImageConversion conversion =
                    image.shape.equals(target)
                        ? null
                        : conversions.computeIfAbsent(
                            image.shape, shape -> conversion(shape, target, source));
                if (conversion == null) {
                  System.arraycopy(image.pixels, 0, pixels, i * size, size);
                } else {
                  conversion.convert(image.pixels, 0, pixels, i * size);
                }
              } catch (DataSourceException e) {
                failures[i] = e;
              } catch (UncheckedDataSourceException e) {
                failures[i] = e.getCause();
              }
            });
    for (DataSourceException failure : failures) {
      if (failure != null) {
        throw failure;
      }
    }
    return ImageDataset.wrap(target, pixels, labels, classNames);
  }

  private static ImageConversion conversion(Shape from, Shape to, String source) {
    try {
      return ImageConversion.between(from, to, source);
    } catch (DataSourceException e) {
      throw new UncheckedDataSourceException(e);
    }
  }

  /** One image's own shape (1 channel if grey, else 3) and its pixels, channels first. */
  private record Decoded(Shape shape, byte[] pixels) {}

  private static Decoded decode(Path file, String source) throws DataSourceException {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DataSourceException(
          source
              + ": cannot read image "
              + file
              + " ("
              + e.getMessage()
              + "); replace or remove"
              + " it",
          e);
    }
    if (image == null) {
      throw new DataSourceException(
          source
              + ": "
              + file
              + " is not an image javax.imageio reads ("
              + FORMATS
              + "); convert or remove it");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getColorModel().getNumColorComponents() == 1) {
      // Raw samples: getRGB would pass grey through a colour-space conversion and change it.
      Raster raster = image.getRaster();
      int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
      byte[] pixels = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          pixels[y * w + x] = (byte) (raster.getSample(x, y, 0) >>> shift);
        }
      }
      return new Decoded(new Shape(1, h, w), pixels);
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] pixels = new byte[3 * w * h];
    for (int k = 0; k < argb.length; k++) {
      pixels[k] = (byte) (argb[k] >>> 16);
      pixels[w * h + k] = (byte) (argb[k] >>> 8);
      pixels[2 * w * h + k] = (byte) argb[k];
    }
    return new Decoded(new Shape(3, h, w), pixels);
  }

  private static String notice(String source, Map<Shape, ImageConversion> conversions, Shape to) {
    if (conversions.size() == 1) {
      return conversions.values().iterator().next().notice(source);
    }
    TreeSet<String> shapes = new TreeSet<>();
    conversions.keySet().forEach(shape -> shapes.add(shape.toString()));
    String listed =
        shapes.size() <= 3
            ? String.join(", ", shapes)
            : String.join(", ", new ArrayList<>(shapes).subList(0, 3)) + ", ...";
    return source
        + ": converting images of "
        + shapes.size()
        + " shapes ("
        + listed
        + ") to the model's input "
        + to
        + " (resized bilinearly; channels replicated or averaged)";
  }

  /** Carries a checked failure out of a lambda. */
  private static final class UncheckedDataSourceException extends RuntimeException {
    UncheckedDataSourceException(DataSourceException cause) {
      super(cause);
    }

    @Override
    public synchronized DataSourceException getCause() {
      return (DataSourceException) super.getCause();
    }
  }
}
