package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.backend.NativeBackend;
import dev.resdsl.runtime.train.EpochFit;
import dev.resdsl.runtime.train.EpochRunner;
import dev.resdsl.runtime.train.ScoreSum;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingDivergedException;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Trains a generated network on a Spark context with Deeplearning4j's parameter averaging, under
 * the contract of {@link dev.resdsl.runtime.train.Trainer#train}: the learning-rate schedule per
 * epoch, a test evaluation on the driver after every epoch, and, given an output folder, {@code
 * checkpoint.zip}, {@code metrics.csv} and {@code training.png} replaced atomically after every
 * epoch, so that {@code resdsl eval} and {@code --resume} read them as any others: the same
 * {@link EpochRunner} runs the epochs, and this trainer fits them on Spark.
 *
 * <p>Each epoch the driver draws the epoch's batches from {@link TrainingData#trainingEpoch}
 * (normalised and augmented as on one machine), hands them to Spark, and the workers fit them in
 * rounds: each worker takes {@link SparkTrainingConfig#averagingFrequency()} steps on its own
 * copy, then parameters and optimiser state are averaged into the driver's network.
 *
 * <p>Where it differs from one machine, and why:
 *
 * <ul>
 *   <li>The training loss and error of a row are measured after the epoch, by a pass of the
 *       averaged network in inference mode over the epoch's own (augmented) batches, on the
 *       workers, with the same exact cross-entropy of the logits as a step on one machine
 *       ({@link dev.resdsl.runtime.exec.BatchScore}). The workers' step-by-step figures are not
 *       to be had (DL4J reports only each worker's last score, with weight decay added), and a
 *       mean over several diverging copies would describe no network. The pass is not counted
 *       in images/s.
 *   <li>The warm-up ({@link TrainingConfig#warmupLearningRate()}) ends at the first epoch whose
 *       measured training error is below {@link TrainingConfig#warmupUntilError()}, not at a step.
 *   <li>Divergence is found after the epoch, not at the step: the folder keeps the last finite
 *       epoch all the same.
 *   <li>The run is not bit-for-bit repeatable: which worker fits which batch depends on Spark.
 * </ul>
 */
public final class SparkTrainer {
  private final JavaSparkContext spark;
  private final TrainingConfig config;
  private final SparkTrainingConfig sparkConfig;
  private final TrainingProgress progress;

  /** A trainer on {@code spark}, reporting to {@code progress}. */
  public SparkTrainer(JavaSparkContext spark, TrainingConfig config,
      SparkTrainingConfig sparkConfig, TrainingProgress progress) {
    this.spark = spark;
    this.config = config;
    this.sparkConfig = sparkConfig;
    this.progress = progress;
  }

  /** The workers that fit batches at once: as configured, else Spark's default parallelism. */
  public int workers() {
    return sparkConfig.workers() > 0 ? sparkConfig.workers() : spark.defaultParallelism();
  }

  /**
   * Trains {@code network} from {@code state} (a fresh {@link TrainingState#start} or one read from
   * a checkpoint of this network) until {@code config.epochs()} epochs are done.
   *
   * @param out the output folder, or empty to keep nothing
   * @return the state after the last epoch, with its history
   * @throws TrainingDivergedException if the loss or the parameters stop being finite; the folder
   *     keeps the checkpoint of the last complete epoch
   * @throws SparkJobException if a Spark job fails; the folder keeps the last complete epoch too
   */
  public TrainingState train(
      GeneratedNetwork network, TrainingData data, TrainingState state, Optional<Path> out)
      throws IOException {
    return new EpochRunner(config, progress).run(network, data, state, out,
        fitted -> new ClusterFit(fitted.graph()));
  }

  /** An epoch's steps on the workers, measured by a pass over its batches after they are fitted. */
  private final class ClusterFit implements EpochFit {
    private final ComputationGraph graph;
    private final SparkComputationGraph sparkGraph;
    private JavaRDD<DataSet> fitted;

    ClusterFit(ComputationGraph graph) {
      this.graph = graph;
      this.sparkGraph = new SparkComputationGraph(spark, graph, trainingMaster());
    }

    @Override
    public void fit(int epoch, DataSetIterator iterator, EpochRunner.Steps steps) {
      List<DataSet> batches = collect(iterator);
      try {
        fitted = spark.parallelize(batches, workers());
        // In local mode the workers are threads of this JVM: they get the oneDNN layer helpers
        // ResDSL's own networks have (executors elsewhere are told by their JVM flags).
        NativeBackend.withLayerHelpers(() -> sparkGraph.fit(fitted));
      } catch (RuntimeException e) {
        throw new SparkJobException(epoch + 1, e);
      }
      steps.stepsDone(batches.size(), batches.stream().mapToInt(DataSet::numExamples).sum());
    }

    @Override
    public Optional<ScoreSum> measure(int epoch) {
      try {
        return Optional.of(TrainingFit.measure(spark, graph, fitted));
      } catch (RuntimeException e) {
        throw new SparkJobException(epoch + 1, e);
      }
    }
  }

  private ParameterAveragingTrainingMaster trainingMaster() {
    return new ParameterAveragingTrainingMaster.Builder(workers(), config.batchSize())
        .batchSizePerWorker(config.batchSize())
        .averagingFrequency(sparkConfig.averagingFrequency())
        // Momentum is state: averaged and sent back with the parameters, kept in checkpoints.
        .saveUpdater(true)
        // The batches come from the driver's memory: exporting them to files first (DL4J's
        // default) would need a folder every executor can read, and gain nothing.
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .rngSeed(config.seed())
        .build();
  }

  private static List<DataSet> collect(DataSetIterator iterator) {
    List<DataSet> batches = new ArrayList<>();
    while (iterator.hasNext()) {
      batches.add(iterator.next());
    }
    return batches;
  }
}
