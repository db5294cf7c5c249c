package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.Cifar10;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.FashionMnist;
import dev.resdsl.runtime.data.IdxFile;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fashion-mnist:} and {@code cifar10:} data read, parsed and trained on by Spark's
 * executors: a real context in local mode with two workers, real ND4J, the real Fashion-MNIST of
 * Debian's dataset-fashion-mnist (which .ci/run installs; the tests fail rather than skip without
 * it) and CIFAR-10 batches of the binary format written here; no mocks.
 */
class SparkRecordDataTest {
  private static JavaSparkContext spark;

  @BeforeAll
  static void open() {
    assertTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "dataset-fashion-mnist is not"
        + " installed at " + FashionMnist.DEFAULT_DIR + ": apt-get install dataset-fashion-mnist");
    spark = SparkContexts.open("local[2]", "SparkRecordDataTest");
  }

  @AfterAll
  static void close() {
    spark.close();
  }

  /** Batch 16 of the paper's recipe for {@code epochs}. */
  private static TrainingConfig config(int epochs, long seed) {
    return TrainingConfig.paper(epochs).toBuilder().batchSize(16).seed(seed).build();
  }

  private static SparkTrainingData open(String source, TrainingConfig config, int partitions,
      List<String> notices) throws DataSourceException {
    return SparkTrainingData.open(spark, source, "SmallResNet", SmallResNet.INPUT, config, 10,
        partitions, notices::add);
  }

  /**
   * Writes the first {@code train} training and {@code test} test images of the installed
   * Fashion-MNIST into {@code dir} as IDX files: real images in their real format, the training
   * files gzipped as Debian's are, the test files plain and named with a dot as some copies are.
   */
  private static Path fashionSubset(Path dir, int train, int test) throws IOException {
    copyIdx("train-images-idx3-ubyte.gz", dir.resolve("train-images-idx3-ubyte.gz"), train);
    copyIdx("train-labels-idx1-ubyte.gz", dir.resolve("train-labels-idx1-ubyte.gz"), train);
    copyIdx("t10k-images-idx3-ubyte.gz", dir.resolve("t10k-images.idx3-ubyte"), test);
    copyIdx("t10k-labels-idx1-ubyte.gz", dir.resolve("t10k-labels.idx1-ubyte"), test);
    return dir;
  }

  private static void copyIdx(String name, Path to, int count) throws IOException {
    try (InputStream in = Files.newInputStream(FashionMnist.DEFAULT_DIR.resolve(name));
        OutputStream file = Files.newOutputStream(to);
        DataOutputStream out = new DataOutputStream(
            to.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file)) {
      if (name.contains("images")) {
        IdxFile.Images images = IdxFile.readImages(in, name, "reinstall it");
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(images.shape().height());
        out.writeInt(images.shape().width());
        out.write(images.pixels(), 0, count * (int) images.shape().size());
      } else {
        int[] labels = IdxFile.readLabels(in, name, 10, "reinstall it");
        out.writeInt(0x00000801);
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
          out.write(labels[i]);
        }
      }
    }
  }

  /**
   * Writes CIFAR-10 binary batches into {@code dir/cifar-10-batches-bin/}, as the archive
   * extracts: 1 label byte and 3,072 pixel bytes a record, noise in which the class's own plane is
   * brighter.
   */
  private static Path cifarFolder(Path dir, long seed) throws IOException {
    Path batches = Files.createDirectories(dir.resolve(Cifar10.BATCHES_FOLDER));
    Random random = new Random(seed);
    Files.write(batches.resolve("data_batch_1.bin"), cifarRecords(48, random));
    Files.write(batches.resolve("data_batch_2.bin"), cifarRecords(40, random));
    Files.write(batches.resolve("test_batch.bin"), cifarRecords(30, random));
    return dir;
  }

  private static byte[] cifarRecords(int count, Random random) {
    int plane = 32 * 32;
    byte[] bytes = new byte[count * (1 + 3 * plane)];
    for (int r = 0; r < count; r++) {
      int label = random.nextInt(3);
      int at = r * (1 + 3 * plane);
      bytes[at] = (byte) label;
      for (int k = 0; k < 3 * plane; k++) {
        bytes[at + 1 + k] = (byte) (random.nextInt(200) + (k / plane == label ? 50 : 0));
      }
    }
    return bytes;
  }



  @Test
  void executorsReadAllOfFashionMnistAndTheDriverHoldsNoImagesYetItsNormalisationIsOneMachines()
      throws IOException {
    TrainingConfig config = config(1, 3);
    List<String> notices = new ArrayList<>();
    try (SparkTrainingData data = open("fashion-mnist", config, 2, notices)) {
      DataSplit local = DataSources.load("fashion-mnist", SmallResNet.INPUT, 3, note -> { });
      assertEquals(60_000, data.trainingSize());
      assertEquals(10_000, data.testSize());
      assertArrayEquals(new int[] {30_000, 30_000}, data.trainSizes());
      assertEquals(FashionMnist.CLASS_NAMES, data.classNames());
      // Exact, not sampled: the partitions' sums give one machine's statistics.
      assertEquals(TrainingData.of(local, config, 10).normalization(), data.normalization());
      assertEquals(List.of("fashion-mnist: converting 1x28x28 images to the model's input"
          + " 3x16x16 (resized bilinearly, 1 channel replicated to 3)"), notices);
      SparkRuns.assertHoldsNoImages(data);
    }
    // Assembling records is a task's work: called on the driver, outside any task, it refuses.
    AssemblePartition assemble = new AssemblePartition(SmallResNet.INPUT,
        FashionMnist.CLASS_NAMES, "fashion-mnist", "mismatch");
    IllegalStateException driver = assertThrows(IllegalStateException.class,
        () -> assemble.call(List.<scala.Tuple2<Integer, RecordPiece>>of().iterator()));
    assertEquals("images are decoded on Spark's executors, not the driver", driver.getMessage());
  }

  @Test
  void onePartitionHoldsTheFashionMnistImagesOneMachineReadsInItsOrderFromAFileUri(
      @TempDir Path dir) throws IOException {
    fashionSubset(dir, 120, 40);
    String uri = dir.toUri().toString(); // file:///tmp/...
    assertTrue(uri.startsWith("file:///"), uri);
    DataSplit local = DataSources.load("fashion-mnist:" + dir, SmallResNet.INPUT, 4, n -> { });
    try (SparkTrainingData data = open("fashion-mnist:" + uri, config(1, 4), 1,
        new ArrayList<>())) {
      SparkRuns.assertSameImages(local.train(), SparkRuns.labelledImages(data.trainPartitions()));
      SparkRuns.assertSameImages(local.test(), SparkRuns.labelledImages(data.testPartitions()));
    }
  }

  @Test
  void oneWorkerOnFashionMnistTrainsStepForStepAsOneMachineOnThePartitionsBatches(
      @TempDir Path dir, @TempDir Path out) throws IOException {
    fashionSubset(dir, 160, 48);
    SparkRuns.assertOneWorkerTrainsAsOneMachine(spark, "fashion-mnist:" + dir, out, FashionMnist.CLASS_NAMES);
  }

  @Test
  void cifar10IsSpreadRecordByRecordOverThePartitionsWithOneMachinesNormalisation(
      @TempDir Path dir) throws IOException {
    cifarFolder(dir, 5);
    String source = "cifar10:" + dir;
    TrainingConfig config = config(1, 5);
    DataSplit local = DataSources.load(source, SmallResNet.INPUT, 5, note -> { });
    List<String> notices = new ArrayList<>();
    try (SparkTrainingData data = open(source, config, 2, notices)) {
      assertArrayEquals(new int[] {44, 44}, data.trainSizes());
      assertEquals(30, data.testSize());
      assertEquals(Cifar10.CLASS_NAMES, data.classNames());
      assertEquals(TrainingData.of(local, config, 10).normalization(), data.normalization());
      assertEquals(List.of(source + ": converting 3x32x32 images to the model's input 3x16x16"
          + " (resized bilinearly)"), notices);
      SparkRuns.assertHoldsNoImages(data);
      // Record i of the split (data_batch_2's records follow data_batch_1's) is in partition
      // i mod 2, in order.
      List<float[]> spread = SparkRuns.labelledImages(data.trainPartitions());
      for (int i = 0; i < local.train().size(); i++) {
        int at = i % 2 == 0 ? i / 2 : 44 + i / 2;
        float[] image = Arrays.copyOf(local.train().image(i), spread.get(at).length);
        image[image.length - 1] = local.train().label(i);
        assertArrayEquals(image, spread.get(at), "record " + i);
      }
    }
  }

  @Test
  void oneWorkerOnCifar10TrainsStepForStepAsOneMachineOnThePartitionsBatches(
      @TempDir Path dir, @TempDir Path out) throws IOException {
    cifarFolder(dir, 6);
    SparkRuns.assertOneWorkerTrainsAsOneMachine(spark, "cifar10:" + dir, out, Cifar10.CLASS_NAMES);
  }

  @Test
  void badRecordFilesAreOneLineErrorsNamingTheFileAndTheFix(@TempDir Path dir)
      throws IOException {
    TrainingConfig config = config(1, 1);
    // A truncated CIFAR-10 batch: the driver sees it from the file's length, reading nothing.
    Path cifar = cifarFolder(dir.resolve("cifar"), 2);
    Path batch = cifar.resolve(Cifar10.BATCHES_FOLDER).resolve("data_batch_2.bin");
    byte[] whole = Files.readAllBytes(batch);
    Files.write(batch, Arrays.copyOf(whole, whole.length - 100));
    DataSourceException truncated = assertThrows(DataSourceException.class,
        () -> open("cifar10:" + cifar, config, 2, new ArrayList<>()));
    assertEquals(1, truncated.getMessage().lines().count(), truncated.getMessage());
    assertTrue(truncated.getMessage().contains("data_batch_2.bin: " + (whole.length - 100)
        + " bytes are not a whole number of 3073-byte CIFAR-10 records"),
        truncated.getMessage());
    assertTrue(truncated.getMessage().endsWith("extract an intact copy of"
        + " cifar-10-binary.tar.gz there"), truncated.getMessage());

    // Fewer labels than images: the executors find the images without labels.
    Path fashion = fashionSubset(Files.createDirectories(dir.resolve("fashion")), 40, 10);
    copyIdx("train-labels-idx1-ubyte.gz", fashion.resolve("train-labels-idx1-ubyte.gz"), 39);
    DataSourceException mismatch = assertThrows(DataSourceException.class,
        () -> open("fashion-mnist:" + fashion, config, 2, new ArrayList<>()));
    assertEquals(1, mismatch.getMessage().lines().count(), mismatch.getMessage());
    assertTrue(mismatch.getMessage().contains("train-labels-idx1-ubyte.gz holds a different"
        + " number of labels than "), mismatch.getMessage());
    assertTrue(mismatch.getMessage().endsWith("(Debian: apt-get install --reinstall"
        + " dataset-fashion-mnist)"), mismatch.getMessage());

    Files.delete(fashion.resolve("t10k-labels.idx1-ubyte"));
    DataSourceException missing = assertThrows(DataSourceException.class,
        () -> open("fashion-mnist:" + fashion, config, 2, new ArrayList<>()));
    assertEquals("fashion-mnist:" + fashion + ": no t10k-labels-idx1-ubyte[.gz] in "
        + fashion + "; install the Debian package dataset-fashion-mnist or put the four IDX"
        + " files there", missing.getMessage());
  }
}
