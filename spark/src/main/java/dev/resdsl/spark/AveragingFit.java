package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.exec.FastTraining;
import dev.resdsl.runtime.train.EpochFit;
import dev.resdsl.runtime.train.EpochRunner;
import dev.resdsl.runtime.train.TrainingData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
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
 * momentum. Batches the driver draws go to the workers in their order, {@code averagingFrequency}
 * consecutive batches each, so a round covers {@code workers x averagingFrequency} of them; data
 * that Spark's executors hold ({@link SparkTrainingData}) is trained where it lies, each worker
 * taking the next {@code averagingFrequency} batches of its own partition's epoch, and evaluated
 * there too.
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

  /**
   * Fits an epoch of {@code data}: on the workers' own partitions if Spark's executors hold it
   * ({@link SparkTrainingData}), else on the batches the driver draws.
   */
  @Override
  public void fit(int epoch, TrainingData data, EpochRunner.Steps steps) {
    if (!(data instanceof SparkTrainingData partitioned)) {
      fit(epoch, data.trainingEpoch(epoch), steps);
      return;
    }
    PartitionBatches batches = partitioned.batches();
    int rounds = 0;
    for (int images : partitioned.trainSizes()) {
      rounds = Math.max(rounds, (batches.batchesOf(images) + averaging - 1) / averaging);
    }
    for (int r = 0; r < rounds; r++) {
      int firstBatch = r * averaging;
      runRound(epoch, steps, (start, rate, iteration) -> partitioned.trainPartitions()
          .mapPartitionsWithIndex(new PartitionRoundTask(blueprint, start, rate, iteration,
              batches, epoch, firstBatch, averaging), false));
    }
    graph.incrementEpochCount();
  }

  @Override
  public void fit(int epoch, DataSetIterator iterator, EpochRunner.Steps steps) {
    List<DataSet> batches = new ArrayList<>();
    while (iterator.hasNext()) {
      batches.add(iterator.next());
    }
    int perRound = workers * averaging;
    for (int first = 0; first < batches.size(); first += perRound) {
      List<List<DataSet>> shares =
          shares(batches.subList(first, Math.min(batches.size(), first + perRound)));
      runRound(epoch, steps, (start, rate, iteration) -> spark
          .parallelize(shares, shares.size())
          .mapPartitionsWithIndex(new RoundTask(blueprint, start, rate, iteration), false));
    }
    graph.incrementEpochCount();
  }

  /**
   * Evaluates {@code network} where the test images are: on the executors' partitions for a
   * {@link SparkTrainingData}, else on the driver's batches.
   */
  @Override
  public Evaluation test(GeneratedNetwork network, TrainingData data) {
    if (!(data instanceof SparkTrainingData partitioned)) {
      return EpochFit.super.test(network, data);
    }
    int classes = partitioned.batches().classes();
    Broadcast<ModelState> state = null;
    try {
      state = spark.broadcast(ModelState.of(graph));
      return partitioned.testPartitions()
          .mapPartitions(new EvaluationTask(blueprint, state, partitioned.batches()))
          .fold(new Evaluation(0, 0, 0, new long[classes][classes]), Evaluation::plus);
    } catch (Exception e) { // Spark's SparkException is checked but undeclared
      throw new SparkJobException(graph.getEpochCount() + 1, e);
    } finally {
      if (state != null) {
        state.destroy();
      }
    }
  }

  /** A round's job, from the state the round starts from, its learning rate and step count. */
  private interface RoundJob {
    JavaRDD<RoundResult> workers(Broadcast<ModelState> start, double rate, long iteration);
  }

  /**
   * One round: the job's workers start from the driver's state and their mean becomes it; each
   * step is reported once the round is back, so the meter, the warm-up (whose new rate the next
   * round takes) and the divergence check see them as on one machine.
   */
  private void runRound(int epoch, EpochRunner.Steps steps, RoundJob job) {
    RoundResult result;
    Broadcast<ModelState> start = null;
    try {
      // Within the try: broadcasting is the first call that meets a stopped context.
      start = spark.broadcast(ModelState.of(graph));
      result = job.workers(start, graph.getLearningRate(outputLayer),
              BaseOptimizer.getIterationCount(graph))
          .treeAggregate(new RoundResult(), RoundResult::merge, RoundResult::merge);
    } catch (Exception e) { // Spark's SparkException is checked but undeclared
      throw new SparkJobException(epoch + 1, e);
    } finally {
      if (start != null) {
        start.destroy();
      }
    }
    result.average().writeTo(graph);
    List<BatchScore> scores = result.steps();
    BaseOptimizer.incrementIterationCount(graph, scores.size());
    for (BatchScore score : scores) {
      steps.stepDone(score.count(), score);
    }
  }

  /** The round's batches as the workers' shares: consecutive runs of {@code averaging}. */
  private List<List<DataSet>> shares(List<DataSet> round) {
    List<List<DataSet>> shares = new ArrayList<>();
    for (int first = 0; first < round.size(); first += averaging) {
      shares.add(new ArrayList<>(round.subList(first, Math.min(round.size(), first + averaging))));
    }
    return shares;
  }

  /** Drops the run's copies kept in this JVM (local mode's workers). */
  @Override
  public void close() {
    WorkerNetworks.forget(blueprint.run());
  }
}
