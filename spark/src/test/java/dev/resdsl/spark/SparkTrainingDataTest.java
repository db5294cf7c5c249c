package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.train.EpochMetrics;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code folder:} data read, decoded and trained on by Spark's executors: a real context in local
 * mode with two workers, real ND4J, and real PNG files written here; no mocks.
 */
class SparkTrainingDataTest {
  private static final List<String> CLASSES = List.of("blue", "green", "red");
  private static JavaSparkContext spark;

  @BeforeAll
  static void open() {
    spark = SparkContexts.open("local[2]", "SparkTrainingDataTest");
  }

  @AfterAll
  static void close() {
    spark.close();
  }

  /** Batch 16 of the paper's recipe for {@code epochs}. */
  private static TrainingConfig config(int epochs, long seed) {
    return TrainingConfig.paper(epochs).toBuilder().batchSize(16).seed(seed).build();
  }

  /**
   * Writes {@code perClass} PNGs a class into {@code dir/CLASS/}: noise in which the class's own
   * channel is bright, 16x16 but for every fifth image, 20x20, which both readers convert.
   */
  private static void writeImages(Path dir, int perClass, long seed) throws IOException {
    Random random = new Random(seed);
    for (int c = 0; c < CLASSES.size(); c++) {
      Path folder = Files.createDirectories(dir.resolve(CLASSES.get(c)));
      for (int i = 0; i < perClass; i++) {
        int size = i % 5 == 4 ? 20 : 16;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            int[] rgb = {random.nextInt(200), random.nextInt(200), random.nextInt(200)};
            rgb[2 - c] += 25 + random.nextInt(31); // blue is channel 2, red channel 0
            image.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
          }
        }
        ImageIO.write(image, "png", folder.resolve(String.format("%03d.png", i)).toFile());
      }
    }
  }

  /** A folder with {@code train/} and {@code test/}: 30 and 8 images a class. */
  private static Path splitFolder(Path dir) throws IOException {
    writeImages(dir.resolve("train"), 30, 1);
    writeImages(dir.resolve("test"), 8, 2);
    return dir;
  }

  private static SparkTrainingData open(String source, TrainingConfig config,
      List<String> notices) throws DataSourceException {
    return open(source, config, 2, notices);
  }

  private static SparkTrainingData open(String source, TrainingConfig config, int partitions,
      List<String> notices) throws DataSourceException {
    return SparkTrainingData.open(spark, source, "SmallResNet", SmallResNet.INPUT, config, 10,
        partitions, notices::add);
  }

  @Test
  void executorsDecodeTheFolderAndTheDriversDataHoldsNoImagesYetItsNormalisationIsOneMachines(
      @TempDir Path dir) throws IOException {
    splitFolder(dir);
    TrainingConfig config = config(1, 4);
    List<String> notices = new ArrayList<>();
    try (SparkTrainingData data = open("folder:" + dir, config, notices)) {
      DataSplit local = DataSources.load("folder:" + dir, SmallResNet.INPUT, 4, note -> { });
      TrainingData oneMachine = TrainingData.of(local, config, 10);
      assertEquals(90, data.trainingSize());
      assertEquals(24, data.testSize());
      assertEquals(2, data.partitions());
      assertEquals(CLASSES, data.classNames());
      // Exact, not sampled: the partitions' sums give one machine's statistics.
      assertEquals(oneMachine.normalization(), data.normalization());
      assertEquals(List.of("folder:" + dir + ": converting 3x20x20 images to the model's input"
          + " 3x16x16 (resized bilinearly)"), notices);
      SparkRuns.assertHoldsNoImages(data);
    }
    // Decoding is a task's work: called on the driver, outside any task, it refuses.
    DecodePartition decode = new DecodePartition(SmallResNet.INPUT, CLASSES, "folder:x",
        spark.broadcast(new org.apache.spark.SerializableWritable<>(spark.hadoopConfiguration())));
    IllegalStateException driver = assertThrows(IllegalStateException.class,
        () -> decode.call(List.<scala.Tuple2<Integer, FolderListing.ListedFile>>of().iterator()));
    assertEquals("images are decoded on Spark's executors, not the driver", driver.getMessage());
  }

  @Test
  void onePartitionHoldsTheImagesOneMachineDecodesInItsOrder(@TempDir Path dir)
      throws IOException {
    splitFolder(dir);
    TrainingConfig config = config(1, 4);
    DataSplit local = DataSources.load("folder:" + dir, SmallResNet.INPUT, 4, note -> { });
    try (SparkTrainingData data = open("folder:" + dir, config, 1, new ArrayList<>())) {
      List<float[]> images = data.trainPartitions().flatMap(p -> {
        List<float[]> all = new ArrayList<>();
        for (int i = 0; i < p.images().size(); i++) {
          float[] image = p.images().image(i);
          float[] labelled = java.util.Arrays.copyOf(image, image.length + 1);
          labelled[image.length] = p.images().label(i);
          all.add(labelled);
        }
        return all.iterator();
      }).collect();
      assertEquals(local.train().size(), images.size());
      for (int i = 0; i < images.size(); i++) {
        float[] expected = java.util.Arrays.copyOf(local.train().image(i),
            images.get(i).length);
        expected[expected.length - 1] = local.train().label(i);
        assertArrayEquals(expected, images.get(i), "image " + i);
      }
    }
  }

  @Test
  void aFileUriOfAFolderWithoutTrainAndTestHoldsOutTheFilesOneMachineHoldsOut(@TempDir Path dir)
      throws IOException {
    writeImages(dir, 20, 3);
    TrainingConfig config = config(1, 9);
    DataSplit local = DataSources.load("folder:" + dir, SmallResNet.INPUT, 9, note -> { });
    String uri = dir.toUri().toString(); // file:///tmp/...
    assertTrue(uri.startsWith("file:///"), uri);
    try (SparkTrainingData data = open("folder:" + uri, config, new ArrayList<>())) {
      assertEquals(local.train().size(), data.trainingSize());
      assertEquals(local.test().size(), data.testSize());
      // The same files held out: the training images' statistics agree to the last bit.
      assertEquals(TrainingData.of(local, config, 10).normalization(), data.normalization());
    }
  }

  private static INDArray trainOnSpark(SparkTrainingData data, TrainingConfig config, long seed,
      Optional<Path> out, List<EpochMetrics> history) throws IOException {
    return SparkRuns.trainOnSpark(spark, data, config, seed, out, history);
  }

  @Test
  void twoRunsWithTheSameSeedAndPartitioningEndWithTheSameParameters(@TempDir Path dir)
      throws IOException {
    splitFolder(dir);
    TrainingConfig config = config(2, 6);
    INDArray first;
    INDArray second;
    List<EpochMetrics> firstHistory = new ArrayList<>();
    List<EpochMetrics> secondHistory = new ArrayList<>();
    // Each run reads and decodes the folder afresh, as a new run would.
    try (SparkTrainingData data = open("folder:" + dir, config, new ArrayList<>())) {
      first = trainOnSpark(data, config, 6, Optional.empty(), firstHistory);
    }
    try (SparkTrainingData data = open("folder:" + dir, config, new ArrayList<>())) {
      second = trainOnSpark(data, config, 6, Optional.empty(), secondHistory);
    }
    assertArrayEquals(first.toFloatVector(), second.toFloatVector());
    assertTrue(firstHistory.get(1).trainLoss() < firstHistory.get(0).trainLoss(),
        firstHistory.toString());
    assertEquals(firstHistory.get(1).trainLoss(), secondHistory.get(1).trainLoss());
    assertEquals(firstHistory.get(1).testError(), secondHistory.get(1).testError());
  }

  @Test
  void oneWorkerOnItsOwnPartitionTrainsStepForStepAsOneMachineOnThePartitionsBatches(
      @TempDir Path dir, @TempDir Path out) throws IOException {
    splitFolder(dir);
    SparkRuns.assertOneWorkerTrainsAsOneMachine(spark, "folder:" + dir, out, CLASSES);
  }

  @Test
  void twoWorkersOnTheirPartitionsReachOneMachinesTrainingLossWithinATenth(@TempDir Path dir)
      throws IOException {
    splitFolder(dir);
    TrainingConfig config = config(8, 7);
    DataSplit local = DataSources.load("folder:" + dir, SmallResNet.INPUT, 7, note -> { });
    TrainingData localData = TrainingData.of(local, config, 10);
    TrainingState oneMachine = new Trainer(config, TrainingProgress.SILENT).train(
        SmallResNet.create(7), localData, TrainingState.start(7, localData), Optional.empty());
    List<EpochMetrics> history = new ArrayList<>();
    try (SparkTrainingData data = open("folder:" + dir, config, new ArrayList<>())) {
      trainOnSpark(data, config, 7, Optional.empty(), history);
    }
    EpochMetrics spark = history.get(history.size() - 1);
    EpochMetrics machine = oneMachine.history().get(oneMachine.history().size() - 1);
    // Two workers averaged every 2 steps take half as many steps of twice the images: they
    // follow their own path, and after 8 epochs end near one machine.
    assertEquals(machine.trainLoss(), spark.trainLoss(), 0.1, history + " vs " + machine);
    assertEquals(machine.testError(), spark.testError(), 0.2, history + " vs " + machine);
  }

  @Test
  void badFoldersAreOneLineErrorsNamingTheFix(@TempDir Path dir) throws IOException {
    TrainingConfig config = config(1, 1);
    DataSourceException missing = assertThrows(DataSourceException.class,
        () -> open("folder:" + dir.resolve("nowhere"), config, new ArrayList<>()));
    assertEquals("data source \"folder:" + dir.resolve("nowhere") + "\": no directory "
        + dir.resolve("nowhere") + "; give a folder every node can read (a shared path, file://"
        + " or hdfs://)", missing.getMessage());

    DataSourceException notFolder = assertThrows(DataSourceException.class,
        () -> open("imagenet:/data", config, new ArrayList<>()));
    assertEquals(1, notFolder.getMessage().lines().count());
    assertTrue(notFolder.getMessage().contains("read synthetic[:TRAIN_SIZE], folder:DIR,"
        + " fashion-mnist[:DIR] and cifar10:DIR"), notFolder.getMessage());

    writeImages(dir.resolve("ok"), 3, 5);
    Path broken = dir.resolve("ok").resolve("red").resolve("001.png");
    Files.writeString(broken, "not a picture");
    DataSourceException unreadable = assertThrows(DataSourceException.class,
        () -> open("folder:" + dir.resolve("ok"), config, new ArrayList<>()));
    assertEquals(1, unreadable.getMessage().lines().count(), unreadable.getMessage());
    assertTrue(unreadable.getMessage().startsWith("folder:" + dir.resolve("ok") + ": "),
        unreadable.getMessage());
    assertTrue(unreadable.getMessage().contains("001.png"), unreadable.getMessage());
    assertTrue(unreadable.getMessage().endsWith("convert or remove it"),
        unreadable.getMessage());

    DataSourceException tooMany = assertThrows(DataSourceException.class,
        () -> SparkTrainingData.open(spark, "folder:" + dir.resolve("ok"), "TwoClassNet",
            SmallResNet.INPUT, config, 2, 2, note -> { }));
    assertTrue(tooMany.getMessage().startsWith("TwoClassNet has 2 classes but folder:"),
        tooMany.getMessage());
  }
}
