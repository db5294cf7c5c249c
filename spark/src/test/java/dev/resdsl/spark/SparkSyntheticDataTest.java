package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.SyntheticImages;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code synthetic:} data drawn and trained on by Spark's executors: a real context in local mode
 * with two workers and real ND4J; no mocks.
 */
class SparkSyntheticDataTest {
  private static JavaSparkContext spark;

  @BeforeAll
  static void open() {
    spark = SparkContexts.open("local[2]", "SparkSyntheticDataTest");
  }

  @AfterAll
  static void close() {
    spark.close();
  }

  private static SparkTrainingData open(String source, int partitions)
      throws DataSourceException {
    TrainingConfig config = TrainingConfig.paper(1).toBuilder().batchSize(16).seed(5).build();
    return SparkTrainingData.open(spark, source, "SmallResNet", SmallResNet.INPUT, config, 10,
        partitions, note -> { });
  }

  @Test
  void executorsDrawOneMachinesImagesInOrderAndTheDriverHoldsNone() throws IOException {
    DataSplit local = DataSources.load("synthetic:90", SmallResNet.INPUT, 5, note -> { });
    TrainingConfig config = TrainingConfig.paper(1).toBuilder().batchSize(16).seed(5).build();
    try (SparkTrainingData data = open("synthetic:90", 3)) {
      assertEquals(90, data.trainingSize());
      assertEquals(15, data.testSize());
      assertEquals(3, data.partitions());
      assertEquals(SyntheticImages.CLASS_NAMES, data.classNames());
      // Exact, not sampled: the partitions' sums give one machine's statistics.
      assertEquals(TrainingData.of(local, config, 10).normalization(), data.normalization());
      SparkRuns.assertSameImages(local.train(), SparkRuns.labelledImages(data.trainPartitions()));
      SparkRuns.assertSameImages(local.test(), SparkRuns.labelledImages(data.testPartitions()));
      SparkRuns.assertHoldsNoImages(data);
    }
  }

  @Test
  void everyPartitionHoldsEveryClass() throws IOException {
    try (SparkTrainingData data = open("synthetic:100", 2)) {
      // A partition of every second image would hold five of the ten classes.
      List<int[]> counts = data.trainPartitions().map(p -> p.images().classCounts()).collect();
      assertEquals(2, counts.size());
      for (int[] partition : counts) {
        for (int count : partition) {
          assertEquals(5, count);
        }
      }
    }
  }

  @Test
  void oneWorkerOnItsOwnPartitionTrainsStepForStepAsOneMachineOnThePartitionsBatches(
      @TempDir Path out) throws IOException {
    SparkRuns.assertOneWorkerTrainsAsOneMachine(spark, "synthetic:96", out,
        SyntheticImages.CLASS_NAMES);
  }

  @Test
  void aBadSizeIsOneMachinesOneLineError() {
    DataSourceException bad = assertThrows(DataSourceException.class,
        () -> open("synthetic:0", 2));
    assertEquals(1, bad.getMessage().lines().count());
    assertTrue(bad.getMessage().contains("the training size must be a positive whole number"),
        bad.getMessage());
  }
}
