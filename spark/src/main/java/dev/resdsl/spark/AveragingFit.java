package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.exec.FastTraining;
import dev.resdsl.runtime.train.EpochFit;
import dev.resdsl.runtime.train.EpochRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * An epoch's steps on Spark's workers, in rounds: each round is one Spark job in which every
 * worker starts from the driver's state, takes {@link SparkTrainingConfig#averagingFrequency()}
 * engine steps on its own batches, and sends back its state; a tree aggregation sums the states
 * and the driver's network takes their mean: parameters, batch-norm running statistics and
 * momentum. The epoch's batches go to the workers in their order, {@code averagingFrequency}
 * consecutive batches each, so a round covers {@code workers x averagingFrequency} of them.
 */
final class AveragingFit implements EpochFit, AutoCloseable {
  private final JavaSparkContext spark;
  private final ComputationGraph graph;
  private final String outputLayer;
  private final NetworkBlueprint blueprint;
  private final int workers;
  private final int averaging;

  /**
   * Fits {@code network}'s epochs with its graph's configuration as it is now, the run's optimiser
   * set.
   *
   * @throws IllegalArgumentException if the engine cannot train the network, naming the layer
   */
  AveragingFit(JavaSparkContext spark, GeneratedNetwork network, int workers, int averaging) {
    try {
      // On the driver, before any job: workers have no other way to train.
      FastTraining.of(network);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(network.name() + " cannot be trained on Spark, whose"
          + " workers train on ResDSL's engine: " + e.getMessage());
    }
    this.spark = spark;
    this.graph = network.graph();
    this.outputLayer = network.plan().output().name();
    this.blueprint = NetworkBlueprint.of(UUID.randomUUID().toString(), network);
    this.workers = workers;
    this.averaging = averaging;
  }

  @Override
  public void fit(int epoch, DataSetIterator iterator, EpochRunner.Steps steps) {
    List<DataSet> batches = new ArrayList<>();
    while (iterator.hasNext()) {
      batches.add(iterator.next());
    }
    int perRound = workers * averaging;
    for (int first = 0; first < batches.size(); first += perRound) {
      List<DataSet> round = batches.subList(first, Math.min(batches.size(), first + perRound));
      RoundResult result;
      try {
        result = round(shares(round));
      } catch (RuntimeException e) {
        throw new SparkJobException(epoch + 1, e);
      }
      result.average().writeTo(graph);
      List<BatchScore> scores = result.steps();
      BaseOptimizer.incrementIterationCount(graph, scores.size());
      // Each step is reported once the round is back: the meter, the warm-up (whose new rate
      // the next round takes) and the divergence check see them as on one machine.
      for (BatchScore score : scores) {
        steps.stepDone(score.count(), score);
      }
    }
    graph.incrementEpochCount();
  }

  /** The round's batches as the workers' shares: consecutive runs of {@code averaging}. */
  private List<List<DataSet>> shares(List<DataSet> round) {
    List<List<DataSet>> shares = new ArrayList<>();
    for (int first = 0; first < round.size(); first += averaging) {
      shares.add(new ArrayList<>(round.subList(first, Math.min(round.size(), first + averaging))));
    }
    return shares;
  }

  /** One Spark job: every share trained on a worker from the driver's state, then summed. */
  private RoundResult round(List<List<DataSet>> shares) {
    Broadcast<ModelState> start = spark.broadcast(ModelState.of(graph));
    try {
      RoundTask task = new RoundTask(blueprint, start, graph.getLearningRate(outputLayer),
          BaseOptimizer.getIterationCount(graph));
      return spark.parallelize(shares, shares.size())
          .mapPartitionsWithIndex(task, false)
          .treeAggregate(new RoundResult(), RoundResult::merge, RoundResult::merge);
    } finally {
      start.destroy();
    }
  }

  /** Drops the run's copies kept in this JVM (local mode's workers). */
  @Override
  public void close() {
    WorkerNetworks.forget(blueprint.run());
  }
}
