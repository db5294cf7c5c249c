package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the binary version of CIFAR-10 ({@code cifar-10-binary.tar.gz}): files of 3,073-byte
 * records, a label byte then a 32x32 red plane, green plane and blue plane; from a local folder
 * on one machine, and file by file from the bytes Spark read on an executor.
 */
public final class Cifar10 {
  /** The classes' names, by label, as {@code batches.meta.txt} lists them. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  /** Every image's shape. */
  public static final Shape SHAPE = new Shape(3, 32, 32);

  /** The folder the archive extracts to, which a source's directory may hold. */
  public static final String BATCHES_FOLDER = "cifar-10-batches-bin";

  private static final int RECORD = 1 + (int) SHAPE.size();
  private static final Pattern TRAIN_FILE = Pattern.compile("data_batch_(\\d+)\\.bin");
  private static final String TEST_FILE = "test_batch.bin";
  private static final String FIX = "extract an intact copy of cifar-10-binary.tar.gz there";

  private Cifar10() {}

  /**
   * The names of a directory's files that hold the data.
   *
   * @param train every {@code data_batch_N.bin}, by N
   * @param test {@code test_batch.bin}
   */
  public record FileNames(List<String> train, String test) {}

  /**
   * The training images of every {@code data_batch_N.bin} in {@code dir} (or in its {@code
   * cifar-10-batches-bin/}, as the archive extracts), by N, and the test images of {@code
   * test_batch.bin}.
   */
  static DataSplit read(Path dir, String source) throws DataSourceException {
    Path batches = dir.resolve(BATCHES_FOLDER);
    if (Files.isDirectory(batches)) {
      dir = batches;
    }
    List<String> names = new ArrayList<>();
    try (var listing = Files.list(dir)) {
      listing
          .filter(Files::isRegularFile)
          .forEach(file -> names.add(file.getFileName().toString()));
    } catch (IOException e) {
      throw new DataSourceException(source + ": cannot list " + dir + " (" + e + ")", e);
    }
    FileNames files = files(names, dir.toString(), source);
    List<Path> trainFiles = new ArrayList<>();
    for (String name : files.train()) {
      trainFiles.add(dir.resolve(name));
    }
    return new DataSplit(read(trainFiles), read(List.of(dir.resolve(files.test()))));
  }

  /**
   * The training files and the test file among {@code names}, the files of {@code dir}.
   *
   * @param source names the data in errors
   * @throws DataSourceException in one line if there is no training file or no test file
   */
  public static FileNames files(Collection<String> names, String dir, String source)
      throws DataSourceException {
    List<String> train =
        names.stream()
            .filter(name -> TRAIN_FILE.matcher(name).matches())
            .sorted((a, b) -> Integer.compare(batchNumber(a), batchNumber(b)))
            .toList();
    if (train.isEmpty()) {
      throw new DataSourceException(
          source + ": no data_batch_1.bin ... data_batch_5.bin in " + dir + "; " + FIX);
    }
    if (!names.contains(TEST_FILE)) {
      throw new DataSourceException(source + ": no " + TEST_FILE + " in " + dir + "; " + FIX);
    }
    return new FileNames(train, TEST_FILE);
  }

  /**
   * The records a file of {@code length} bytes holds.
   *
   * @param file names the file in the error
   * @throws DataSourceException in one line if the length is not a whole number of records
   */
  public static int records(long length, String file) throws DataSourceException {
    if (length == 0 || length % RECORD != 0 || length / RECORD > Integer.MAX_VALUE) {
      throw new DataSourceException(
          file
              + ": "
              + length
              + " bytes are not a whole number of "
              + RECORD
              + "-byte CIFAR-10 records (truncated, or not the binary version); "
              + FIX);
    }
    return (int) (length / RECORD);
  }

  /**
   * The images of one file's {@code bytes}.
   *
   * @param file names the file in errors
   * @throws DataSourceException in one line if the bytes are not whole records or a label is
   *     not one of the 10 classes
   */
  public static ImageDataset records(byte[] bytes, String file) throws DataSourceException {
    int records = records(bytes.length, file);
    byte[] pixels = new byte[ImageDataset.byteCount(SHAPE, records, file)];
    int[] labels = new int[records];
    copy(bytes, file, pixels, labels, 0);
    return ImageDataset.wrap(SHAPE, pixels, labels, CLASS_NAMES);
  }

  private static int batchNumber(String name) {
    Matcher m = TRAIN_FILE.matcher(name);
    // Only called on names the filter matched; a number too long for an int sorts last.
    if (!m.matches()) {
      throw new IllegalStateException(name);
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static ImageDataset read(List<Path> files) throws DataSourceException {
    List<byte[]> contents = new ArrayList<>();
    long records = 0;
    for (Path file : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new DataSourceException(file + ": unreadable (" + e + "); " + FIX, e);
      }
      records += records(bytes.length, file.toString());
      contents.add(bytes);
    }
    byte[] pixels = new byte[ImageDataset.byteCount(SHAPE, records, files.get(0).toString())];
    int[] labels = new int[(int) records];
    int image = 0;
    for (int f = 0; f < files.size(); f++) {
      image += copy(contents.get(f), files.get(f).toString(), pixels, labels, image);
    }
    return ImageDataset.wrap(SHAPE, pixels, labels, CLASS_NAMES);
  }

  /**
   * Copies the records of one file's {@code bytes} into {@code pixels} and {@code labels} from
   * image {@code first} on, checking each label; returns the records copied.
   */
  private static int copy(byte[] bytes, String file, byte[] pixels, int[] labels, int first)
      throws DataSourceException {
    int records = bytes.length / RECORD;
    for (int r = 0; r < records; r++) {
      int label = bytes[r * RECORD] & 0xFF;
      if (label >= CLASS_NAMES.size()) {
        throw new DataSourceException(
            file
                + ": record "
                + r
                + " has label "
                + label
                + ", not one of the 10"
                + " classes 0..9 (a CIFAR-100 file?); "
                + FIX);
      }
      labels[first + r] = label;
      System.arraycopy(
          bytes, r * RECORD + 1, pixels, (first + r) * (RECORD - 1), RECORD - 1);
    }
    return records;
  }
}
