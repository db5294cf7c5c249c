package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.exec.FastTraining;
import dev.resdsl.runtime.train.EpochRunner;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingDivergedException;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains a generated network on a Spark context, under the contract of {@link
 * dev.resdsl.runtime.train.Trainer#train}: the learning-rate schedule and warm-up, the training
 * loss and error of every step, a test evaluation on the driver after every epoch, and, given an
 * output folder, {@code checkpoint.zip}, {@code metrics.csv} and {@code training.png} replaced
 * atomically after every epoch, so that {@code resdsl eval} and {@code --resume} read them as any
 * others: the same {@link EpochRunner} runs the epochs, and {@link AveragingFit} fits them on
 * Spark's workers with the engine that trains on one machine ({@link FastTraining}).
 *
 * <p>Data that Spark's executors hold ({@link SparkTrainingData}) is trained where it lies: one
 * worker per partition draws its own batches, and the test images are evaluated on the
 * executors. Other data is drawn by the driver each epoch from {@link
 * TrainingData#trainingEpoch} (normalised and augmented as on one machine). Either way the
 * workers fit in rounds: each takes {@link SparkTrainingConfig#averagingFrequency()} steps on its
 * own copy, then parameters, batch-norm statistics and momentum are averaged into the driver's
 * network.
 *
 * <p>Where it differs from one machine, and why: the steps of a round are reported when the round
 * is back, so a warm-up that ends within a round takes effect from the next round; and several
 * copies averaged every few steps are not one stream of steps, so the run follows its own path
 * (the same on every run with the same seed and workers: each round's shares are fixed).
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
    return workers(spark, sparkConfig);
  }

  /** The workers {@code sparkConfig} asks of {@code spark}, as {@link #workers()} counts them. */
  static int workers(JavaSparkContext spark, SparkTrainingConfig sparkConfig) {
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
   * @throws IllegalArgumentException if the engine cannot train the network (a dropout layer)
   */
  public TrainingState train(
      GeneratedNetwork network, TrainingData data, TrainingState state, Optional<Path> out)
      throws IOException {
    AveragingFit[] fit = new AveragingFit[1];
    try {
      return new EpochRunner(config, progress).run(network, data, state, out, fitted ->
          fit[0] = new AveragingFit(spark, fitted, workers(), sparkConfig.averagingFrequency()));
    } finally {
      if (fit[0] != null) {
        fit[0].close();
      }
    }
  }
}
