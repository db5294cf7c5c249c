package dev.resdsl.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads Fashion-MNIST (Zalando's 60,000 training and 10,000 test images of clothing, 28x28 grey, 10
 * classes) from its four IDX files in one directory, gzipped or not; names those files for a
 * cluster's readers.
 */
public final class FashionMnist {
  /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** The classes' names, by label, as the data set's authors give them. */
  public static final List<String> CLASS_NAMES =
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

  /** What to do about a bad file, ending its error message. */
  public static final String FIX =
      "replace it with an intact copy (Debian: apt-get install --reinstall dataset-fashion-mnist)";

  private FashionMnist() {}

  /**
   * The names of the four files in a directory.
   *
   * @param trainImages the training images' IDX file
   * @param trainLabels the training labels' IDX file
   * @param testImages the test images' IDX file
   * @param testLabels the test labels' IDX file
   */
  public record FileNames(String trainImages, String trainLabels, String testImages,
      String testLabels) {}

  /** The training and test images of {@code dir}, named {@code source} in errors. */
  static DataSplit read(Path dir, String source) throws DataSourceException {
    FileNames names =
        files(name -> Files.isRegularFile(dir.resolve(name)), dir.toString(), source);
    return new DataSplit(
        read(dir.resolve(names.trainImages()), dir.resolve(names.trainLabels())),
        read(dir.resolve(names.testImages()), dir.resolve(names.testLabels())));
  }

  /**
   * The names of the four files of {@code dir}, among the ones {@code isFile} says it holds.
   *
   * @param isFile whether {@code dir} holds a file of the name
   * @param source names the data in errors
   * @throws DataSourceException in one line naming the first file missing and the fix
   */
  public static FileNames files(Predicate<String> isFile, String dir, String source)
      throws DataSourceException {
    return new FileNames(
        find(isFile, dir, "train-images", "idx3-ubyte", source),
        find(isFile, dir, "train-labels", "idx1-ubyte", source),
        find(isFile, dir, "t10k-images", "idx3-ubyte", source),
        find(isFile, dir, "t10k-labels", "idx1-ubyte", source));
  }

  /**
   * The error of an images file and a labels file that hold different numbers of items.
   *
   * @param labels the labels, or -1 if not counted (the files were read apart)
   */
  public static DataSourceException mismatch(String labelFile, int labels, String imageFile,
      int images) {
    String counts =
        labels < 0
            ? " holds a different number of labels than " + imageFile + " holds images; "
            : " holds " + labels + " labels but " + imageFile + " holds " + images + " images; ";
    return new DataSourceException(labelFile + counts + FIX);
  }

  private static ImageDataset read(Path imageFile, Path labelFile) throws DataSourceException {
    IdxFile.Images images = IdxFile.readImages(imageFile, FIX);
    int[] labels = IdxFile.readLabels(labelFile, CLASS_NAMES.size(), FIX);
    if (labels.length != images.count()) {
      throw mismatch(labelFile.toString(), labels.length, imageFile.toString(), images.count());
    }
    return ImageDataset.wrap(images.shape(), images.pixels(), labels, CLASS_NAMES);
  }

  // The original distribution names files "train-images-idx3-ubyte"; some copies use a dot.
  private static String find(
      Predicate<String> isFile, String dir, String stem, String type, String source)
      throws DataSourceException {
    for (String separator : List.of("-", ".")) {
      for (String suffix : List.of(".gz", "")) {
        String name = stem + separator + type + suffix;
        if (isFile.test(name)) {
          return name;
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
