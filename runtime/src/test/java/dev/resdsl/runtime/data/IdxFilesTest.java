package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small IDX files written here, whole and damaged, read as a Fashion-MNIST directory. */
class IdxFilesTest {
  private static final Shape SHAPE = new Shape(1, 4, 3);

  @TempDir Path dir;

  @Test
  void readsGzippedAndPlainFiles() throws Exception {
    writeValid();
    DataSplit data = load();
    assertEquals(5, data.train().size());
    assertEquals(2, data.test().size());
    assertEquals(SHAPE, data.train().shape());
    assertArrayEquals(new int[] {0, 1, 2, 3, 9}, labels(data.train()));
    assertArrayEquals(new int[] {7, 8}, labels(data.test()));
    // Pixel values are unsigned: image i, pixel k holds (40 i + k) mod 256, 200 and above too.
    assertEquals(4 * 40 + 11, data.train().pixel(4, 0, 3, 2));
    assertEquals(1 * 40 + 5, data.test().pixel(1, 0, 1, 2));
  }

  @Test
  void aBadMagicNumberIsNamed() throws Exception {
    writeValid();
    byte[] bytes = images(5);
    bytes[3] = 0x01;
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(bytes));
    String message = failure();
    assertTrue(message.startsWith(dir.resolve("train-images-idx3-ubyte.gz").toString()), message);
    assertTrue(
        message.contains(
            "not an IDX image file (magic number 0x00000801, expected" + " 0x00000803)"),
        message);
    assertTrue(message.contains("apt-get install --reinstall dataset-fashion-mnist"), message);
  }

  @Test
  void garbageIsNotAnIdxFile() throws Exception {
    writeValid();
    Files.writeString(dir.resolve("t10k-labels-idx1-ubyte"), "<html>Not Found</html>");
    String message = failure();
    assertTrue(message.contains("t10k-labels-idx1-ubyte: not an IDX label file"), message);
  }

  @Test
  void aTruncatedFileSaysHowMuchIsMissing() throws Exception {
    writeValid();
    byte[] bytes = images(2);
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), Arrays.copyOf(bytes, bytes.length - 7));
    assertTrue(
        failure()
            .contains(
                "t10k-images-idx3-ubyte: truncated: its header announces 24 bytes of data"
                    + " but it holds 17"));
  }

  @Test
  void aTruncatedGzipFileIsNamed() throws Exception {
    writeValid();
    byte[] gz = gzip(images(5));
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length / 2));
    String message = failure();
    assertTrue(
        message.contains("train-images-idx3-ubyte.gz: a truncated or corrupt gzip"), message);
  }

  @Test
  void extraBytesAreAnError() throws Exception {
    writeValid();
    byte[] bytes = labels(7, 8);
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Arrays.copyOf(bytes, bytes.length + 1));
    assertTrue(failure().contains("holds more data than its header announces"));
  }

  @Test
  void countsOfImagesAndLabelsMustAgree() throws Exception {
    writeValid();
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 8, 1));
    String message = failure();
    assertTrue(message.contains("t10k-labels-idx1-ubyte holds 3 labels but "), message);
    assertTrue(message.contains("t10k-images-idx3-ubyte holds 2 images"), message);
  }

  @Test
  void aLabelBeyondTheClassesIsAnError() throws Exception {
    writeValid();
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 10));
    assertTrue(
        failure()
            .contains(
                "t10k-labels-idx1-ubyte: label 10 of item 1 is not one of the 10 classes"
                    + " 0..9"));
  }

  @Test
  void anImageOfNoRowsIsAnError() throws Exception {
    writeValid();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(2);
    out.writeInt(0);
    out.writeInt(3);
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), bytes.toByteArray());
    assertTrue(failure().contains("IDX dimension 1 is 0, not a size"));
  }

  @Test
  void aMissingFileIsNamedWithTheFix() throws Exception {
    writeValid();
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    String message = failure();
    assertTrue(message.contains("no t10k-labels-idx1-ubyte[.gz] in " + dir), message);
    assertTrue(message.contains("install the Debian package dataset-fashion-mnist"), message);
  }

  private DataSplit load() throws DataSourceException {
    return DataSources.load("fashion-mnist:" + dir, SHAPE, 1, notice -> {});
  }

  private String failure() {
    return assertThrows(DataSourceException.class, this::load).getMessage();
  }

  // Training files gzipped, test files plain: both must read.
  private void writeValid() throws IOException {
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(5)));
    Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(0, 1, 2, 3, 9)));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(2));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 8));
  }

  private static byte[] images(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(count);
    out.writeInt(SHAPE.height());
    out.writeInt(SHAPE.width());
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < SHAPE.size(); k++) {
        out.writeByte(40 * i + k);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] labels(int... labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x801);
    out.writeInt(labels.length);
    for (int label : labels) {
      out.writeByte(label);
    }
    return bytes.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  static int[] labels(ImageDataset data) {
    int[] labels = new int[data.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    return labels;
  }
}
