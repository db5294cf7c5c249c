package dev.resdsl.spark;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.DataSourceException;
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
 * it: what {@code resdsl train --spark MASTER} chooses. A {@code folder:} source is read by the
 * executors on that context ({@link #read}), before the run trains on it, as are {@code
 * fashion-mnist} and {@code cifar10} sources.
 */
public final class SparkLoop implements TrainingLoop, AutoCloseable {
  private final String master;
  private final SparkTrainingConfig sparkConfig;
  private final Consumer<String> notices;
  /** The run's context once {@link #read} opened it, for {@link #train} to train on. */
  private JavaSparkContext spark;

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
   * Whether Spark's executors read {@code source} themselves ({@code folder:DIR}, {@code
   * fashion-mnist[:DIR]}, {@code cifar10:DIR}); the driver draws the others' batches.
   */
  public static boolean readsOnExecutors(String source) {
    return SparkTrainingData.readsOnExecutors(source);
  }

  /**
   * Opens the run's context and has its executors read {@code source}, one partition per worker
   * ({@link SparkTrainingData#open}); {@link #train} then trains on that context.
   *
   * @throws DataSourceException in one line if the source is missing or malformed; the context
   *     is closed again
   */
  public SparkTrainingData read(String source, String model, Shape input, TrainingConfig config,
      int classes, Consumer<String> dataNotices) throws DataSourceException {
    close();
    spark = SparkContexts.open(master, "resdsl train " + model);
    try {
      return SparkTrainingData.open(spark, source, model, input, config, classes,
          SparkTrainer.workers(spark, sparkConfig), dataNotices);
    } catch (DataSourceException | RuntimeException e) {
      close();
      throw e;
    }
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
    if (spark == null) {
      spark = SparkContexts.open(master, "resdsl train " + network.name());
    }
    try {
      SparkTrainer trainer = new SparkTrainer(spark, config, sparkConfig, progress);
      notices.accept(String.format(Locale.ROOT, "on Spark %s: %d workers of batch %d, parameters"
              + " averaged every %d steps", master, trainer.workers(), config.batchSize(),
          sparkConfig.averagingFrequency()));
      return trainer.train(network, data, state, out);
    } finally {
      close();
    }
  }

  /** Stops the run's context, if open. */
  @Override
  public void close() {
    if (spark != null) {
      spark.close();
      spark = null;
    }
  }
}
