package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.train.OptimizerSetup;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A worker's round under Spark's retries: a real local-mode context that retries failed tasks. */
class RoundTaskTest {
  /** Attempts that failed, counted in this JVM, where local mode's tasks run. */
  private static final AtomicInteger FAILED = new AtomicInteger();

  @Test
  void aTaskThatDiesAfterItsFirstStepIsRetriedToTheSameStateAndScores() throws IOException {
    TrainingConfig config = TrainingConfig.paper(1).toBuilder().batchSize(32).seed(6).build();
    TrainingData data = TrainingData.of(DataSources.load("synthetic:128", SmallResNet.INPUT, 6,
        note -> { }), config, 10);
    List<DataSet> batches = new ArrayList<>();
    for (DataSetIterator epoch = data.trainingEpoch(0); epoch.hasNext(); ) {
      batches.add(epoch.next());
    }
    List<List<DataSet>> shares = List.of(batches.subList(0, 2), batches.subList(2, 4)).stream()
        .map(share -> (List<DataSet>) new ArrayList<>(share)).toList();
    SmallResNet network = SmallResNet.create(6);
    OptimizerSetup.configure(network.graph(), config);
    NetworkBlueprint blueprint = NetworkBlueprint.of("retry-test", network);

    // local[2,3]: two workers, a task tried up to three times, as on a cluster.
    try (JavaSparkContext spark = SparkContexts.open("local[2,3]", "RoundTaskTest")) {
      Broadcast<ModelState> start = spark.broadcast(ModelState.of(network.graph()));
      RoundTask task = new RoundTask(blueprint, start, 0.1, 0);
      RoundResult clean = spark.parallelize(shares, 2).mapPartitionsWithIndex(task, false)
          .treeAggregate(new RoundResult(), RoundResult::merge, RoundResult::merge);
      // The first attempt of partition 1 dies after its copy took a step; its copy goes back
      // to the pool, and the retry may well get it.
      RoundResult retried = spark.parallelize(shares, 2)
          .mapPartitionsWithIndex((Integer partition, Iterator<List<DataSet>> it) ->
              task.call(partition, partition == 1 && TaskContext.get().attemptNumber() == 0
                  ? dyingAfterFirstBatch(it) : it), false)
          .treeAggregate(new RoundResult(), RoundResult::merge, RoundResult::merge);

      assertEquals(1, FAILED.get(), "the first attempt of partition 1 failed once");
      assertEquals(scores(clean), scores(retried));
      SmallResNet a = SmallResNet.create(0);
      SmallResNet b = SmallResNet.create(0);
      OptimizerSetup.configure(a.graph(), config);
      OptimizerSetup.configure(b.graph(), config);
      clean.average().writeTo(a.graph());
      retried.average().writeTo(b.graph());
      assertArrayEquals(a.graph().params().toFloatVector(), b.graph().params().toFloatVector(),
          1e-6f);
    }
  }

  /** The share's batches, but the task dies when it asks for a batch after the first. */
  private static Iterator<List<DataSet>> dyingAfterFirstBatch(Iterator<List<DataSet>> shares) {
    List<DataSet> share = shares.next();
    return List.<List<DataSet>>of(new java.util.AbstractList<>() {
      @Override
      public DataSet get(int index) {
        if (index > 0) {
          FAILED.incrementAndGet();
          throw new IllegalStateException("worker lost");
        }
        return share.get(index);
      }

      @Override
      public int size() {
        return share.size();
      }
    }).iterator();
  }

  private static List<BatchScore> scores(RoundResult result) {
    return result.steps();
  }
}
