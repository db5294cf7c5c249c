package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the binary version of CIFAR-10 ({@code cifar-10-binary.tar.gz}): files of 3,073-byte
 * records, a label byte then a 32x32 red plane, green plane and blue plane.
 */
final class Cifar10 {
  /** The classes' names, by label, as {@code batches.meta.txt} lists them. */
  static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  static final Shape SHAPE = new Shape(3, 32, 32);
  private static final int RECORD = 1 + (int) SHAPE.size();
  private static final Pattern TRAIN_FILE = Pattern.compile("data_batch_(\\d+)\\.bin");
  private static final String FIX = "extract an intact copy of cifar-10-binary.tar.gz there";

  private Cifar10() {}

  /**
   * The training images of every {@code data_batch_N.bin} in {@code dir} (or in its {@code
   * cifar-10-batches-bin/}, as the archive extracts), by N, and the test images of {@code
   * test_batch.bin}.
   */
  static DataSplit read(Path dir, String source) throws DataSourceException {
    Path batches = dir.resolve("cifar-10-batches-bin");
    if (Files.isDirectory(batches)) {
      dir = batches;
    }
    List<Path> trainFiles = trainFiles(dir, source);
    Path testFile = dir.resolve("test_batch.bin");
    if (!Files.isRegularFile(testFile)) {
      throw new DataSourceException(source + ": no test_batch.bin in " + dir + "; " + FIX);
    }
    return new DataSplit(read(trainFiles), read(List.of(testFile)));
  }

  private static List<Path> trainFiles(Path dir, String source) throws DataSourceException {
    List<Path> files = new ArrayList<>();
    try (var listing = Files.list(dir)) {
      listing
          .filter(file -> TRAIN_FILE.matcher(file.getFileName().toString()).matches())
          .sorted((a, b) -> Integer.compare(batchNumber(a), batchNumber(b)))
          .forEach(files::add);
    } catch (IOException e) {
      throw new DataSourceException(source + ": cannot list " + dir + " (" + e + ")", e);
    }
    if (files.isEmpty()) {
      throw new DataSourceException(
          source + ": no data_batch_1.bin ... data_batch_5.bin in " + dir + "; " + FIX);
    }
    return files;
  }

  private static int batchNumber(Path file) {
    Matcher m = TRAIN_FILE.matcher(file.getFileName().toString());
    // Only called on names the filter matched; a number too long for an int sorts last.
    if (!m.matches()) {
      throw new IllegalStateException(file.toString());
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
      if (bytes.length == 0 || bytes.length % RECORD != 0) {
        throw new DataSourceException(
            file
                + ": "
                + bytes.length
                + " bytes are not a whole number of "
                + RECORD
                + "-byte CIFAR-10 records (truncated, or not the binary version); "
                + FIX);
      }
      contents.add(bytes);
      records += bytes.length / RECORD;
    }
    byte[] pixels = new byte[ImageDataset.byteCount(SHAPE, records, files.get(0).toString())];
    int[] labels = new int[(int) records];
    int image = 0;
    for (int f = 0; f < files.size(); f++) {
      byte[] bytes = contents.get(f);
      for (int r = 0; r < bytes.length / RECORD; r++, image++) {
        int label = bytes[r * RECORD] & 0xFF;
        if (label >= CLASS_NAMES.size()) {
          throw new DataSourceException(
              files.get(f)
                  + ": record "
                  + r
                  + " has label "
                  + label
                  + ", not one of the 10"
                  + " classes 0..9 (a CIFAR-100 file?); "
                  + FIX);
        }
        labels[image] = label;
        System.arraycopy(bytes, r * RECORD + 1, pixels, image * (RECORD - 1), RECORD - 1);
      }
    }
    return ImageDataset.wrap(SHAPE, pixels, labels, CLASS_NAMES);
  }
}
