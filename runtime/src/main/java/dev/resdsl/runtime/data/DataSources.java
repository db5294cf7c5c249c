package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Opens a data source named on the command line and delivers its images in the model's input shape.
 * Nothing is ever downloaded: the sources are
 *
 * <ul>
 *   <li>{@code synthetic[:TRAIN_SIZE]}: drawn procedurally from the seed ({@link SyntheticImages});
 *       6,000 training images unless {@code TRAIN_SIZE} is given, and a sixth as many test images;
 *   <li>{@code fashion-mnist[:DIR]}: the four IDX files, gzipped or not, by default in {@code
 *       /usr/share/datasets/fashion-mnist} where Debian's {@code dataset-fashion-mnist} puts them;
 *   <li>{@code cifar10:DIR}: the binary version's {@code data_batch_N.bin} and {@code
 *       test_batch.bin}, in DIR or its {@code cifar-10-batches-bin/};
 *   <li>{@code folder:DIR}: one sub-folder of images per class (PNG, JPEG, BMP, GIF), under {@code
 *       train/} and {@code test/} if DIR has both, else split 90/10 per class by the seed.
 * </ul>
 */
public final class DataSources {
  /** The source kinds, as an error lists them. */
  public static final String KINDS =
      "synthetic[:TRAIN_SIZE], fashion-mnist[:DIR], cifar10:DIR, folder:DIR";

  private DataSources() {}

  /**
   * The images of {@code source}, converted to {@code modelInput} (resized bilinearly, channels
   * replicated or averaged) with a one-line notice if they have another shape.
   *
   * @param seed draws the synthetic images and the folder split
   * @param notices receives one-line notices, such as a conversion
   * @throws DataSourceException naming the file and the fix if the source is unknown, missing or
   *     malformed
   */
  public static DataSplit load(String source, Shape modelInput, long seed, Consumer<String> notices)
      throws DataSourceException {
    Source parsed = Source.parse(source);
    DataSplit split =
        switch (parsed.kind()) {
          case SYNTHETIC -> new SyntheticImages(modelInput).split(parsed.trainSize(), seed);
          case FASHION_MNIST -> FashionMnist.read(parsed.existingDir(), source);
          case CIFAR10 -> Cifar10.read(parsed.existingDir(), source);
          case FOLDER -> ImageFolders.read(parsed.existingDir(), modelInput, seed, source, notices);
        };
    return ImageConversion.convert(split, modelInput, source, notices);
  }

  /**
   * The training size of a {@code synthetic[:TRAIN_SIZE]} source, or empty for another kind.
   *
   * @throws DataSourceException if {@code source} names no kind of source or a bad size
   */
  public static OptionalInt syntheticTrainSize(String source) throws DataSourceException {
    Source parsed = Source.parse(source);
    return parsed.kind() == Kind.SYNTHETIC
        ? OptionalInt.of(parsed.trainSize())
        : OptionalInt.empty();
  }

  /**
   * What {@code source} is, in words, for logs, without reading it: {@code "fashion-mnist: the
   * Fashion-MNIST IDX files in /usr/share/datasets/fashion-mnist"}.
   *
   * @throws DataSourceException if {@code source} names no kind of source
   */
  public static String describe(String source) throws DataSourceException {
    Source parsed = Source.parse(source);
    return source
        + ": "
        + switch (parsed.kind()) {
          case SYNTHETIC ->
              parsed.trainSize()
                  + " training and "
                  + SyntheticImages.testSize(parsed.trainSize())
                  + " test images of "
                  + SyntheticImages.CLASS_NAMES.size()
                  + " shapes, drawn from the seed";
          case FASHION_MNIST -> "the Fashion-MNIST IDX files in " + parsed.dir();
          case CIFAR10 -> "the CIFAR-10 binary batches in " + parsed.dir();
          case FOLDER -> "one sub-folder of images per class in " + parsed.dir();
        };
  }

  /**
   * Checks that a model can learn the classes of a data set: it needs at least one output per class
   * (more are allowed and stay unused).
   *
   * @param model the model's name, as {@code "ResNet20"}
   * @throws DataSourceException naming both counts if the model has fewer classes
   */
  public static void requireClasses(String model, int modelClasses, String source, DataSplit data)
      throws DataSourceException {
    requireClasses(model, modelClasses, source, data.train().classNames());
  }

  /**
   * As {@link #requireClasses(String, int, String, DataSplit)}, for data whose class names are
   * known without its images (a cluster's listing).
   */
  public static void requireClasses(
      String model, int modelClasses, String source, java.util.List<String> classNames)
      throws DataSourceException {
    int classes = classNames.size();
    if (modelClasses < classes) {
      throw new DataSourceException(
          model
              + " has "
              + modelClasses
              + " classes but "
              + source
              + " has "
              + classes
              + ": "
              + String.join(", ", classNames)
              + "; use a model with at least "
              + classes
              + " classes or fewer classes of data");
    }
  }

  private enum Kind {
    SYNTHETIC,
    FASHION_MNIST,
    CIFAR10,
    FOLDER
  }

  /** A source string taken apart: its kind and its argument after the first colon, if any. */
  private record Source(String text, Kind kind, String argument) {
    static Source parse(String text) throws DataSourceException {
      int colon = text.indexOf(':');
      String name = colon < 0 ? text : text.substring(0, colon);
      String argument = colon < 0 ? null : text.substring(colon + 1);
      Kind kind =
          switch (name) {
            case "synthetic" -> Kind.SYNTHETIC;
            case "fashion-mnist" -> Kind.FASHION_MNIST;
            case "cifar10" -> Kind.CIFAR10;
            case "folder" -> Kind.FOLDER;
            default ->
                throw new DataSourceException(
                    "unknown data source \"" + text + "\"; use one of " + KINDS);
          };
      if (argument != null && argument.isEmpty()) {
        throw new DataSourceException(
            "data source \"" + text + "\" has nothing after the colon; use one of " + KINDS);
      }
      if (argument == null && (kind == Kind.CIFAR10 || kind == Kind.FOLDER)) {
        throw new DataSourceException(
            "data source \""
                + text
                + "\" needs a directory: "
                + name
                + ":DIR; use one of "
                + KINDS);
      }
      Source source = new Source(text, kind, argument);
      if (kind == Kind.SYNTHETIC) {
        source.trainSize();
      }
      return source;
    }

    int trainSize() throws DataSourceException {
      if (argument == null) {
        return SyntheticImages.DEFAULT_TRAIN_SIZE;
      }
      try {
        int size = Integer.parseInt(argument);
        if (size >= 1) {
          return size;
        }
      } catch (NumberFormatException e) {
        // Reported below, with the other bad sizes.
      }
      throw new DataSourceException(
          "data source \""
              + text
              + "\": the training size must be a positive whole number, as"
              + " in synthetic:2000");
    }

    Path dir() {
      return argument == null ? FashionMnist.DEFAULT_DIR : Path.of(argument);
    }

    Path existingDir() throws DataSourceException {
      Path dir = dir();
      if (!Files.isDirectory(dir)) {
        String hint =
            kind == Kind.FASHION_MNIST && argument == null
                ? "install the Debian package dataset-fashion-mnist, or use one of "
                : "use one of ";
        throw new DataSourceException(
            "data source \"" + text + "\": no directory " + dir + "; " + hint + KINDS);
      }
      return dir;
    }
  }
}
