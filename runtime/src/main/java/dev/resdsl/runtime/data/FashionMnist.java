package dev.resdsl.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Fashion-MNIST (Zalando's 60,000 training and 10,000 test images of clothing, 28x28 grey, 10
 * classes) from its four IDX files in one directory, gzipped or not.
 */
final class FashionMnist {
  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The classes' names, by label, as the data set's authors give them. */
  static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private static final String FIX =
      "replace it with an intact copy (Debian: apt-get install --reinstall dataset-fashion-mnist)";

  private FashionMnist() {}

  /** The training and test images of {@code dir}, named {@code source} in errors. */
  static DataSplit read(Path dir, String source) throws DataSourceException {
    return new DataSplit(read(dir, "train", source), read(dir, "t10k", source));
  }

  private static ImageDataset read(Path dir, String prefix, String source)
      throws DataSourceException {
    Path imageFile = find(dir, prefix + "-images", "idx3-ubyte", source);
    Path labelFile = find(dir, prefix + "-labels", "idx1-ubyte", source);
    IdxFile.Images images = IdxFile.readImages(imageFile, FIX);
    int[] labels = IdxFile.readLabels(labelFile, CLASS_NAMES.size(), FIX);
    if (labels.length != images.count()) {
      throw new DataSourceException(
          labelFile
              + " holds "
              + labels.length
              + " labels but "
              + imageFile
              + " holds "
              + images.count()
              + " images; "
              + FIX);
    }
    return ImageDataset.wrap(images.shape(), images.pixels(), labels, CLASS_NAMES);
  }

  // The original distribution names files "train-images-idx3-ubyte"; some copies use a dot.
  private static Path find(Path dir, String stem, String type, String source)
      throws DataSourceException {
    for (String separator : List.of("-", ".")) {
      for (String suffix : List.of(".gz", "")) {
        Path file = dir.resolve(stem + separator + type + suffix);
        if (Files.isRegularFile(file)) {
          return file;
        }
      }
    }
    throw new DataSourceException(
        source
            + ": no "
            + stem
            + "-"
            + type
            + "[.gz] in "
            + dir
            + "; install the Debian package dataset-fashion-mnist or put the four IDX files there");
  }
}
