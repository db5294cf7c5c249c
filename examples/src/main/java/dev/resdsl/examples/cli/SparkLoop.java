package dev.resdsl.examples.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import dev.resdsl.spark.SparkContexts;
import dev.resdsl.spark.SparkTrainer;
import dev.resdsl.spark.SparkTrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code train --spark MASTER [--spark-averaging N]}: the epochs run on a Spark context opened for
 * the run and closed after it.
 */
record SparkLoop(String master, SparkTrainingConfig sparkConfig) implements TrainingLoop {

  /** The Spark loop the options ask for, or empty without {@code --spark}. */
  static Optional<TrainingLoop> of(Arguments a) throws UsageException {
    String master = a.string("spark", null);
    if (master == null) {
      if (a.string("spark-averaging", null) != null) {
        throw new UsageException("train: --spark-averaging needs --spark MASTER, such as"
            + " --spark local[2]");
      }
      return Optional.empty();
    }
    try {
      SparkContexts.requireMaster(master);
      // Before any data is read, so that a JVM started without the flags ends with one line.
      SparkContexts.requireJvmFlags();
      return Optional.of(new SparkLoop(master, SparkTrainingConfig.defaults()
          .withAveragingFrequency(a.positiveInt("spark-averaging",
              SparkTrainingConfig.DEFAULT_AVERAGING_FREQUENCY))));
    } catch (IllegalArgumentException e) {
      throw new UsageException("train: --spark: " + e.getMessage());
    }
  }

  @Override
  public TrainingState train(TrainingConfig config, TrainingProgress progress,
      GeneratedNetwork network, TrainingData data, TrainingState state, Path out,
      PrintStream err) throws UsageException, IOException {
    JavaSparkContext spark;
    try {
      spark = SparkContexts.open(master, "resdsl train " + network.name());
    } catch (IllegalArgumentException e) {
      throw new UsageException("train: --spark: " + e.getMessage());
    }
    try (spark) {
      SparkTrainer trainer = new SparkTrainer(spark, config, sparkConfig, progress);
      err.printf(Locale.ROOT, "resdsl: on Spark %s: %d workers of batch %d, parameters averaged"
              + " every %d steps%n", master, trainer.workers(), config.batchSize(),
          sparkConfig.averagingFrequency());
      return trainer.train(network, data, state, Optional.of(out));
    }
  }
}
