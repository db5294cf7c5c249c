package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.exec.FastTraining;
import dev.resdsl.runtime.train.OptimizerSetup;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What the workers' rounds compute, against the engine run by hand in this JVM: a real Spark
 * context in local mode and real ND4J steps, no mocks.
 */
class AveragingFitTest {
  private static JavaSparkContext spark;
  private static int driverThreads;

  @BeforeAll
  static void open() {
    spark = SparkContexts.open("local[2]", "AveragingFitTest");
    // The steps by hand here sum in the workers' order only on as many threads as a task.
    driverThreads = SparkRuns.computeLikeATask();
  }

  @AfterAll
  static void close() {
    SparkRuns.restoreThreads(driverThreads);
    spark.close();
  }

  /** Batch 32 of the paper's recipe (no warm-up) on synthetic images of the test network. */
  private static TrainingConfig config(long seed) {
    return TrainingConfig.paper(1).toBuilder().batchSize(32).seed(seed).build();
  }

  private static TrainingData data(int images, TrainingConfig config) throws IOException {
    return TrainingData.of(DataSources.load("synthetic:" + images, SmallResNet.INPUT,
        config.seed(), note -> { }), config, 10);
  }

  @Test
  void oneWorkerInRoundsOfThreeStepsEndsExactlyWhereOneMachineEnds() throws IOException {
    // 8 batches in rounds of 3, 3 and 2: a round that lost momentum or a batch norm's running
    // statistics on its way back to the driver would start the next one elsewhere.
    TrainingConfig config = config(3);
    TrainingData data = data(256, config);
    SmallResNet local = SmallResNet.create(3);
    new Trainer(config, TrainingProgress.SILENT)
        .train(local, data, TrainingState.start(3, data), Optional.empty());
    SmallResNet onSpark = SmallResNet.create(3);
    new SparkTrainer(spark, config, new SparkTrainingConfig(1, 3), TrainingProgress.SILENT)
        .train(onSpark, data, TrainingState.start(3, data), Optional.empty());

    assertArrayEquals(local.graph().params().toFloatVector(),
        onSpark.graph().params().toFloatVector(), 1e-5f);
    assertArrayEquals(momentum(local.graph()), momentum(onSpark.graph()), 1e-5f);
  }

  @Test
  void twoWorkersEndARoundAtTheMeanOfTheirCopiesParametersStatisticsAndMomentum()
      throws IOException {
    // 4 batches, 2 workers averaging every 2 steps: one round, batches 1-2 and 3-4.
    TrainingConfig config = config(4);
    TrainingData data = data(128, config);
    SmallResNet onSpark = SmallResNet.create(4);
    new SparkTrainer(spark, config, new SparkTrainingConfig(2, 2), TrainingProgress.SILENT)
        .train(onSpark, data, TrainingState.start(4, data), Optional.empty());

    List<DataSet> batches = new ArrayList<>();
    DataSetIterator epoch = data.trainingEpoch(0);
    while (epoch.hasNext()) {
      batches.add(epoch.next());
    }
    assertEquals(4, batches.size());
    ComputationGraph first = trainedByHand(config, batches.subList(0, 2));
    ComputationGraph second = trainedByHand(config, batches.subList(2, 4));
    float[] meanParameters = mean(first.params().toFloatVector(), second.params().toFloatVector());
    float[] meanMomentum = mean(momentum(first), momentum(second));
    // The copies took different steps: a mean that kept one of them would fail below.
    assertFalse(java.util.Arrays.equals(first.params().toFloatVector(),
        second.params().toFloatVector()));
    assertArrayEquals(meanParameters, onSpark.graph().params().toFloatVector(), 1e-5f);
    assertArrayEquals(meanMomentum, momentum(onSpark.graph()), 1e-5f);
  }

  @Test
  void twoWorkersOnTheSameBatchesRoundAfterRoundFollowOneMachineStepForStep()
      throws IOException {
    // Averaging every step, both workers of each round get the same batch: each round's mean is
    // one machine's step on it, so six rounds end where one machine's six steps end, unless a
    // worker's copy kept anything of its own from one round to the next.
    TrainingConfig config = config(5);
    TrainingData once = data(192, config);
    TrainingData twice = new TrainingData() {
      @Override
      public DataSetIterator trainingEpoch(int epoch) {
        List<DataSet> doubled = new ArrayList<>();
        for (DataSetIterator batches = once.trainingEpoch(epoch); batches.hasNext(); ) {
          DataSet batch = batches.next();
          doubled.add(batch);
          doubled.add(batch.copy());
        }
        return new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(doubled, 1);
      }

      @Override
      public DataSetIterator test() {
        return once.test();
      }

      @Override
      public int trainingSize() {
        return 2 * once.trainingSize();
      }

      @Override
      public String normalization() {
        return once.normalization();
      }

      @Override
      public List<String> classNames() {
        return once.classNames();
      }
    };
    SmallResNet onSpark = SmallResNet.create(5);
    new SparkTrainer(spark, config, new SparkTrainingConfig(2, 1), TrainingProgress.SILENT)
        .train(onSpark, twice, TrainingState.start(5, twice), Optional.empty());
    List<DataSet> batches = new ArrayList<>();
    for (DataSetIterator epoch = once.trainingEpoch(0); epoch.hasNext(); ) {
      batches.add(epoch.next());
    }
    assertEquals(6, batches.size());
    ComputationGraph alone = trainedByHand(config, batches);

    assertArrayEquals(alone.params().toFloatVector(), onSpark.graph().params().toFloatVector(),
        1e-4f);
    assertArrayEquals(momentum(alone), momentum(onSpark.graph()), 1e-4f);
  }

  /** A fresh network set up as a run sets it up, trained on {@code batches} by the engine. */
  private static ComputationGraph trainedByHand(TrainingConfig config, List<DataSet> batches) {
    SmallResNet network = SmallResNet.create(config.seed());
    OptimizerSetup.configure(network.graph(), config);
    network.graph().setLearningRate(config.learningRateAt(0));
    FastTraining training = FastTraining.of(network);
    for (DataSet batch : batches) {
      training.fit(batch.getFeatures(), batch.getLabels());
    }
    return network.graph();
  }

  private static float[] momentum(ComputationGraph graph) {
    return graph.getUpdater(true).getStateViewArray().toFloatVector();
  }

  private static float[] mean(float[] a, float[] b) {
    float[] mean = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      mean[i] = (a[i] + b[i]) / 2;
    }
    return mean;
  }
}
