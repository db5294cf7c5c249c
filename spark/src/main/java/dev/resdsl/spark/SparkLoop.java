package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingLoop;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Training runs on Spark, each on a context opened on a master URL for the run and closed after
 * it: what {@code resdsl train --spark MASTER} chooses.
 */
public final class SparkLoop implements TrainingLoop {
  private final String master;
  private final SparkTrainingConfig sparkConfig;
  private final Consumer<String> notices;

  /**
   * Runs on {@code master} (such as {@code local[2]}); the one-line notice of how the run is
   * spread over the workers goes to {@code notices}.
   */
  public SparkLoop(String master, SparkTrainingConfig sparkConfig, Consumer<String> notices) {
    this.master = master;
    this.sparkConfig = sparkConfig;
    this.notices = notices;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the master URL is not one Spark knows or the JVM lacks
   *     {@link SparkContexts#JAVA_17_FLAGS}
   * @throws SparkJobException if a Spark job fails; the folder keeps the last complete epoch
   */
  @Override
  public TrainingState train(TrainingConfig config, TrainingProgress progress,
      GeneratedNetwork network, TrainingData data, TrainingState state, Optional<Path> out)
      throws IOException {
    try (JavaSparkContext spark = SparkContexts.open(master, "resdsl train " + network.name())) {
      SparkTrainer trainer = new SparkTrainer(spark, config, sparkConfig, progress);
      notices.accept(String.format(Locale.ROOT, "on Spark %s: %d workers of batch %d, parameters"
              + " averaged every %d steps", master, trainer.workers(), config.batchSize(),
          sparkConfig.averagingFrequency()));
      return trainer.train(network, data, state, out);
    }
  }
}
