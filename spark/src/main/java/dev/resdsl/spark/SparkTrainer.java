package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.backend.NativeBackend;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.eval.Evaluator;
import dev.resdsl.runtime.train.EpochMetrics;
import dev.resdsl.runtime.train.OptimizerSetup;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingDivergedException;
import dev.resdsl.runtime.train.TrainingOutputs;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Trains a generated network on a Spark context with Deeplearning4j's parameter averaging, under
 * the contract of {@link dev.resdsl.runtime.train.Trainer#train}: the learning-rate schedule per
 * epoch, a test evaluation on the driver after every epoch, and, given an output folder, {@code
 * checkpoint.zip}, {@code metrics.csv} and {@code training.png} replaced atomically after every
 * epoch, so that {@code resdsl eval} and {@code --resume} read them as any others.
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
 *       workers. The workers' step-by-step figures are not to be had (DL4J reports only each
 *       worker's last score, with weight decay added), and a mean over several diverging copies
 *       would describe no network. The pass is not counted in images/s.
 *   <li>The warm-up ({@link TrainingConfig#warmupLearningRate()}) ends at the first epoch whose
 *       measured training error is below {@link TrainingConfig#warmupUntilError()}, not at a step.
 *   <li>Divergence is found after the epoch, not at the step: the folder keeps the last finite
 *       epoch all the same.
 *   <li>The run is not bit-for-bit repeatable: which worker fits which batch depends on Spark.
 * </ul>
 */
public final class SparkTrainer {
  /** Batches a worker evaluates at once in the training-set pass; memory only, not results. */
  private static final int EVALUATION_BATCH = 256;

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
    if (out.isPresent()) {
      TrainingOutputs.removeLeftovers(out.get());
    }
    ComputationGraph graph = network.graph();
    OptimizerSetup.configure(graph, config);
    SparkComputationGraph sparkGraph = new SparkComputationGraph(spark, graph, trainingMaster());
    List<EpochMetrics> history = new ArrayList<>(state.history());
    long iteration = state.iteration();
    boolean warmup = config.warmingUpFrom(state);
    for (int epoch = state.epochsDone(); epoch < config.epochs(); epoch++) {
      double rate = config.learningRateAt(epoch, warmup);
      // Workers build their copies from the graph's configuration, which this changes too.
      graph.setLearningRate(rate);
      progress.epochStarted(epoch, config.epochs(), data.trainingSize());
      long start = System.nanoTime();
      List<DataSet> batches = collect(data.trainingEpoch(epoch));
      TrainingFit fit;
      double seconds;
      try {
        JavaRDD<DataSet> rdd = spark.parallelize(batches, workers());
        // In local mode the workers are threads of this JVM: they get the oneDNN layer helpers
        // ResDSL's own networks have (executors elsewhere are told by their JVM flags).
        NativeBackend.withLayerHelpers(() -> sparkGraph.fit(rdd));
        seconds = (System.nanoTime() - start) / 1e9;
        fit = NativeBackend.withLayerHelpers(
            () -> sparkGraph.doEvaluation(rdd, new TrainingFit(), EVALUATION_BATCH));
      } catch (RuntimeException e) {
        throw new SparkJobException(epoch + 1, e);
      }
      int seen = batches.stream().mapToInt(DataSet::numExamples).sum();
      iteration += batches.size();
      progress.stepDone(seen, fit.loss(), fit.error(), seen / seconds);
      requireFinite(graph, fit, epoch, rate);
      if (warmup && config.warmupOverAt(fit.error())) {
        warmup = false;
        progress.note(String.format(Locale.ROOT,
            "warm-up over after epoch %d (training error %.1f%%): learning rate %s", epoch + 1,
            100 * fit.error(), config.learningRateAt(epoch + 1)));
      }
      Evaluation test = Evaluator.evaluate(network, data.test());
      EpochMetrics metrics = new EpochMetrics(epoch + 1, fit.loss(), fit.error(),
          test.top1Error(), seen / seconds);
      history.add(metrics);
      state = state.next(iteration, !warmup, history);
      if (out.isPresent()) {
        TrainingOutputs.keep(network, state, out.get());
      }
      progress.epochDone(metrics);
    }
    return state;
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

  private static void requireFinite(ComputationGraph graph, TrainingFit fit, int epoch,
      double rate) {
    if (!Double.isFinite(fit.loss())) {
      throw new TrainingDivergedException(String.format(Locale.ROOT,
          "the loss became %s at epoch %d: lower the learning rate (it is %s) or check the data"
              + " for non-finite pixels", fit.loss(), epoch + 1, rate));
    }
    if (!BooleanIndexing.and(graph.params(), Conditions.isFinite())) {
      throw new TrainingDivergedException(String.format(Locale.ROOT,
          "the parameters stopped being finite at epoch %d: lower the learning rate (it is %s)",
          epoch + 1, rate));
    }
  }
}
