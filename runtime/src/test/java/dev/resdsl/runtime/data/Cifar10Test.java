package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-10 binary batches written here: a few records each. */
class Cifar10Test {
  private static final Shape CIFAR = new Shape(3, 32, 32);

  @TempDir Path dir;

  @Test
  void readsTheBatchesInOrder() throws Exception {
    // data_batch_2 before data_batch_10, by number, not by name.
    Files.write(dir.resolve("data_batch_10.bin"), records(5));
    Files.write(dir.resolve("data_batch_2.bin"), records(3, 0, 9));
    Files.write(dir.resolve("test_batch.bin"), records(7));
    Files.writeString(dir.resolve("batches.meta.txt"), "airplane\n");
    List<String> notices = new ArrayList<>();
    DataSplit data = DataSources.load("cifar10:" + dir, CIFAR, 1, notices::add);
    assertEquals(List.of(), notices);
    assertArrayEquals(new int[] {3, 0, 9, 5}, IdxFilesTest.labels(data.train()));
    assertArrayEquals(new int[] {7}, IdxFilesTest.labels(data.test()));
    assertEquals(Cifar10.CLASS_NAMES, data.train().classNames());
    assertEquals("cat", data.train().classNames().get(3));
    // Red plane, then green, then blue; rows of 32.
    ImageDataset train = data.train();
    assertEquals(value(1, 0, 5, 7), train.pixel(1, 0, 5, 7));
    assertEquals(value(2, 1, 31, 0), train.pixel(2, 1, 31, 0));
    assertEquals(value(0, 2, 0, 31), train.pixel(3, 2, 0, 31)); // data_batch_10's first
  }

  @Test
  void acceptsTheArchivesOwnDirectory() throws Exception {
    Path batches = Files.createDirectory(dir.resolve("cifar-10-batches-bin"));
    Files.write(batches.resolve("data_batch_1.bin"), records(1, 2));
    Files.write(batches.resolve("test_batch.bin"), records(4));
    assertEquals(2, DataSources.load("cifar10:" + dir, CIFAR, 1, n -> {}).train().size());
  }

  @Test
  void convertsToAGreyModel() throws Exception {
    Files.write(dir.resolve("data_batch_1.bin"), records(1, 2));
    Files.write(dir.resolve("test_batch.bin"), records(4));
    List<String> notices = new ArrayList<>();
    DataSplit data = DataSources.load("cifar10:" + dir, new Shape(1, 32, 32), 1, notices::add);
    assertEquals(
        List.of(
            "cifar10:"
                + dir
                + ": converting 3x32x32 images to the model's input 1x32x32 (3"
                + " channels averaged to 1)"),
        notices);
    int mean = Math.round((value(0, 0, 4, 4) + value(0, 1, 4, 4) + value(0, 2, 4, 4)) / 3f);
    assertEquals(mean, data.train().pixel(0, 0, 4, 4));
  }

  @Test
  void aTruncatedBatchIsNamed() throws Exception {
    byte[] three = records(1, 2, 3);
    Files.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(three, three.length - 100));
    Files.write(dir.resolve("test_batch.bin"), records(4));
    String message = failure();
    assertTrue(
        message.startsWith(
            dir.resolve("data_batch_1.bin")
                + ": 9119 bytes are not a whole number of 3073-byte"
                + " CIFAR-10 records"),
        message);
    assertTrue(message.contains("extract an intact copy of cifar-10-binary.tar.gz"), message);
  }

  @Test
  void aLabelBeyondTenIsNamed() throws Exception {
    Files.write(dir.resolve("data_batch_1.bin"), records(1, 2));
    Files.write(dir.resolve("test_batch.bin"), records(4, 12));
    assertTrue(failure().contains("test_batch.bin: record 1 has label 12, not one of the 10"));
  }

  @Test
  void missingFilesAreNamed() throws Exception {
    Files.write(dir.resolve("test_batch.bin"), records(4));
    assertTrue(failure().contains("no data_batch_1.bin ... data_batch_5.bin in " + dir));
    Files.write(dir.resolve("data_batch_1.bin"), records(1));
    Files.delete(dir.resolve("test_batch.bin"));
    assertTrue(failure().contains("no test_batch.bin in " + dir));
  }

  private String failure() {
    return assertThrows(
            DataSourceException.class, () -> DataSources.load("cifar10:" + dir, CIFAR, 1, n -> {}))
        .getMessage();
  }

  // Record r's pixel (c, y, x) holds a value made of all four, so a misplaced byte shows.
  private static int value(int record, int c, int y, int x) {
    return (record * 71 + c * 101 + y * 7 + x * 3) & 0xFF;
  }

  private static byte[] records(int... labels) {
    byte[] bytes = new byte[labels.length * 3073];
    for (int r = 0; r < labels.length; r++) {
      bytes[r * 3073] = (byte) labels[r];
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            bytes[r * 3073 + 1 + (c * 32 + y) * 32 + x] = (byte) value(r, c, y, x);
          }
        }
      }
    }
    return bytes;
  }
}
