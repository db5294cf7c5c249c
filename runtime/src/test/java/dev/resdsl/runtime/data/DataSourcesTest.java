package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source names: the kinds, their arguments, and the errors for bad ones. */
class DataSourcesTest {
  private static final Shape CIFAR = new Shape(3, 32, 32);

  @TempDir Path dir;

  private static String failure(String source) {
    DataSourceException e =
        assertThrows(DataSourceException.class, () -> DataSources.load(source, CIFAR, 1, n -> {}));
    assertTrue(e instanceof IOException);
    assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void anUnknownKindListsTheKinds() {
    assertEquals(
        "unknown data source \"imagenet:/data\"; use one of synthetic[:TRAIN_SIZE],"
            + " fashion-mnist[:DIR], cifar10:DIR, folder:DIR",
        failure("imagenet:/data"));
    assertTrue(failure("").startsWith("unknown data source \"\""));
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("nowhere");
    for (String kind : List.of("fashion-mnist", "cifar10", "folder")) {
      String message = failure(kind + ":" + missing);
      assertTrue(message.contains("no directory " + missing), message);
      assertTrue(message.contains("use one of synthetic[:TRAIN_SIZE]"), message);
    }
  }

  @Test
  void directoriesAreRequiredWhereThereIsNoDefault() {
    assertTrue(failure("cifar10").contains("needs a directory: cifar10:DIR"));
    assertTrue(failure("folder").contains("needs a directory: folder:DIR"));
    assertTrue(failure("folder:").contains("has nothing after the colon"));
  }

  @Test
  void theSyntheticSizeMustBeAPositiveNumber() {
    for (String size : List.of("0", "-3", "many", "1e3")) {
      assertTrue(
          failure("synthetic:" + size)
              .contains(
                  "the training size must be a positive whole" + " number, as in synthetic:2000"));
    }
  }

  @Test
  void syntheticTrainSizeIsTheSizeOfASyntheticSourceOnly() throws Exception {
    assertEquals(OptionalInt.of(6000), DataSources.syntheticTrainSize("synthetic"));
    assertEquals(OptionalInt.of(300), DataSources.syntheticTrainSize("synthetic:300"));
    assertEquals(OptionalInt.empty(), DataSources.syntheticTrainSize("cifar10:/x"));
    assertEquals(OptionalInt.empty(), DataSources.syntheticTrainSize("fashion-mnist"));
    assertThrows(DataSourceException.class, () -> DataSources.syntheticTrainSize("synthetic:0"));
    assertThrows(DataSourceException.class, () -> DataSources.syntheticTrainSize("mnist"));
  }

  @Test
  void describesSourcesWithoutReadingThem() throws Exception {
    assertEquals(
        "synthetic: 6000 training and 1000 test images of 10 shapes, drawn from the seed",
        DataSources.describe("synthetic"));
    assertEquals(
        "synthetic:300: 300 training and 50 test images of 10 shapes, drawn from the seed",
        DataSources.describe("synthetic:300"));
    assertEquals(
        "fashion-mnist: the Fashion-MNIST IDX files in /usr/share/datasets/fashion-mnist",
        DataSources.describe("fashion-mnist"));
    assertEquals(
        "cifar10:/x: the CIFAR-10 binary batches in /x", DataSources.describe("cifar10:/x"));
    assertEquals(
        "folder:/x: one sub-folder of images per class in /x", DataSources.describe("folder:/x"));
    assertThrows(DataSourceException.class, () -> DataSources.describe("mnist"));
  }

  @Test
  void theModelNeedsAtLeastTheDatasClasses() throws Exception {
    DataSplit data =
        new DataSplit(
            ImageDataset.of(CIFAR, new byte[0], new int[0], classes(12)),
            ImageDataset.of(CIFAR, new byte[0], new int[0], classes(12)));
    DataSourceException e =
        assertThrows(
            DataSourceException.class,
            () -> DataSources.requireClasses("ResNet20", 10, "folder:X", data));
    assertTrue(
        e.getMessage().startsWith("ResNet20 has 10 classes but folder:X has 12: c0, c1, "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("use a model with at least 12 classes or fewer classes of" + " data"));
    DataSources.requireClasses("ResNet50", 1000, "folder:X", data);
    DataSources.requireClasses("Twelve", 12, "folder:X", data);
  }

  private static List<String> classes(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
  }
}
