package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resdsl.runtime.data.Augmentation;
import dev.resdsl.runtime.data.Batches;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.ImageBatches;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.data.Seeds;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.train.EpochMetrics;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** The tests' two ways of training on data Spark's executors hold, and one machine's peer. */
final class SparkRuns {
  private SparkRuns() {}

  /**
   * Trains a fresh {@link SmallResNet} of {@code seed} on {@code data} on Spark, averaging every 2
   * steps; the network's parameters after, its epochs' metrics added to {@code history}.
   */
  static INDArray trainOnSpark(JavaSparkContext spark, SparkTrainingData data,
      TrainingConfig config, long seed, Optional<Path> out, List<EpochMetrics> history)
      throws IOException {
    SmallResNet network = SmallResNet.create(seed);
    TrainingState state = new SparkTrainer(spark, config,
        SparkTrainingConfig.defaults().withAveragingFrequency(2), TrainingProgress.SILENT)
        .train(network, data, TrainingState.start(seed, data), out);
    history.addAll(state.history());
    return network.graph().params().dup();
  }

  /**
   * Checks that the driver's object of {@code data} holds the bookkeeping only, no image, and
   * refuses to draw batches.
   */
  static void assertHoldsNoImages(SparkTrainingData data) {
    for (Class<?> type = data.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        Class<?> held = field.getType();
        assertFalse(held == ImageDataset.class || held == byte[].class
            || INDArray.class.isAssignableFrom(held) || DataSet.class.isAssignableFrom(held)
            || held == PartitionImages.class, field.toString());
      }
    }
    assertThrows(UnsupportedOperationException.class, () -> data.trainingEpoch(0));
    assertThrows(UnsupportedOperationException.class, data::test);
  }

  /**
   * {@code local}'s images as one machine trains on them, in the batches partition 0 of 1 draws:
   * its seed is derived from the run's and the partition's index.
   */
  static TrainingData asPartitionZero(DataSplit local, TrainingConfig config, int classes) {
    Normalization normalization = Normalization.of(local.train());
    ImageBatches batches = Batches.training(local.train(), config.batchSize(), normalization,
        config.augment() ? Augmentation.PAPER : Augmentation.NONE,
        Seeds.derive(config.seed(), 0), classes);
    return new TrainingData() {
      @Override
      public DataSetIterator trainingEpoch(int epoch) {
        batches.setEpoch(epoch);
        return batches;
      }

      @Override
      public DataSetIterator test() {
        return Batches.evaluation(local.test(), PartitionBatches.TEST_BATCH, normalization,
            classes);
      }

      @Override
      public int trainingSize() {
        return local.train().size();
      }

      @Override
      public String normalization() {
        return normalization.toString();
      }

      @Override
      public List<String> classNames() {
        return local.train().classNames();
      }
    };
  }
  /**
   * Trains 2 epochs on {@code source} with one worker on Spark and on one machine from the batches
   * that worker draws; the parameters, loss and test error agree, and the output folder is whole.
   */
  static void assertOneWorkerTrainsAsOneMachine(JavaSparkContext spark, String source, Path out,
      List<String> classNames) throws IOException {
    int threads = computeLikeATask();
    try {
      trainOneWorkerAndOneMachine(spark, source, out, classNames);
    } finally {
      restoreThreads(threads);
    }
  }

  /**
   * Sets the calling thread's OpenMP teams to one thread, as {@link TaskThreads} sets a task's
   * under {@code local[N]}, so that steps taken here sum in the order the workers' steps do;
   * returns the former count for {@link #restoreThreads}.
   */
  static int computeLikeATask() {
    Nd4j.create(1); // the native library, loaded
    int former = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    return former;
  }

  /** Gives the calling thread back the OpenMP team size {@link #computeLikeATask} returned. */
  static void restoreThreads(int threads) {
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
  }

  private static void trainOneWorkerAndOneMachine(JavaSparkContext spark, String source, Path out,
      List<String> classNames) throws IOException {
    TrainingConfig config =
        TrainingConfig.paper(2).toBuilder().batchSize(16).seed(7).build();
    DataSplit local = DataSources.load(source, SmallResNet.INPUT, 7, note -> { });
    TrainingData same = asPartitionZero(local, config, 10);
    SmallResNet alone = SmallResNet.create(7);
    TrainingState oneMachine = new Trainer(config, TrainingProgress.SILENT)
        .train(alone, same, TrainingState.start(7, same), Optional.empty());
    List<EpochMetrics> history = new ArrayList<>();
    INDArray onSpark;
    try (SparkTrainingData data = SparkTrainingData.open(spark, source, "SmallResNet",
        SmallResNet.INPUT, config, 10, 1, note -> { })) {
      onSpark = trainOnSpark(spark, data, config, 7, Optional.of(out), history);
    }
    assertArrayEquals(alone.graph().params().toFloatVector(), onSpark.toFloatVector(), 1e-5f);
    EpochMetrics machine = oneMachine.history().get(1);
    assertEquals(machine.trainLoss(), history.get(1).trainLoss(), 1e-5);
    assertEquals(machine.testError(), history.get(1).testError(), 1e-9);
    TrainingState saved = TrainingCheckpoint.readState(out.resolve(TrainingCheckpoint.FILE_NAME))
        .orElseThrow();
    assertEquals(2, saved.epochsDone());
    assertEquals(classNames, saved.classNames());
    assertEquals(3, Files.readAllLines(out.resolve(Trainer.METRICS_FILE)).size());
  }

  /** Every image of {@code partitions} in partition order, with its label as a last value. */
  static List<float[]> labelledImages(JavaRDD<PartitionImages> partitions) {
    return partitions.flatMap(p -> {
      List<float[]> all = new ArrayList<>();
      for (int i = 0; i < p.images().size(); i++) {
        float[] image = p.images().image(i);
        float[] labelled = Arrays.copyOf(image, image.length + 1);
        labelled[image.length] = p.images().label(i);
        all.add(labelled);
      }
      return all.iterator();
    }).collect();
  }

  /** {@code actual}, as {@link #labelledImages} gives them, are {@code expected}'s in order. */
  static void assertSameImages(ImageDataset expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < actual.size(); i++) {
      float[] image = Arrays.copyOf(expected.image(i), actual.get(i).length);
      image[image.length - 1] = expected.label(i);
      assertArrayEquals(image, actual.get(i), "image " + i);
    }
  }
}
