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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Training runs on Spark, each on a context opened on a master URL for the run and closed after
 * it: what {@code resdsl train --spark MASTER} chooses. The context starts opening when the loop
 * is made, on a thread of its own, so that the driver's own start-up (loading the native library,
 * building the network) goes on meanwhile: on a cluster opening waits on the master and the
 * executors; in local mode it is CPU work (1.6 s here) that overlaps little on two cores. Every
 * source is read by the executors on that context ({@link #read}) before the run trains on it.
 */
public final class SparkLoop implements TrainingLoop, AutoCloseable {
  private final String master;
  private final SparkTrainingConfig sparkConfig;
  private final Consumer<String> notices;
  /** The run's context, opening or open, until {@link #close}. */
  private CompletableFuture<JavaSparkContext> spark;

  /**
   * Runs on {@code master} (such as {@code local[2]}) under the name {@code appName}, and starts
   * opening its context; the one-line notice of how the run is spread over the workers goes to
   * {@code notices}.
   *
   * @throws IllegalArgumentException if the master URL is not one Spark knows or the JVM lacks
   *     {@link SparkContexts#JAVA_17_FLAGS}
   */
  public SparkLoop(String master, String appName, SparkTrainingConfig sparkConfig,
      Consumer<String> notices) {
    SparkContexts.requireMaster(master);
    SparkContexts.requireJvmFlags();
    this.master = master;
    this.sparkConfig = sparkConfig;
    this.notices = notices;
    this.spark = new CompletableFuture<>();
    CompletableFuture<JavaSparkContext> opening = spark;
    Thread starter = new Thread(() -> {
      try {
        opening.complete(SparkContexts.open(master, appName));
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    }, "resdsl-spark-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * Whether Spark's executors read {@code source} themselves ({@code synthetic[:TRAIN_SIZE]},
   * which they draw, {@code folder:DIR}, {@code fashion-mnist[:DIR]}, {@code cifar10:DIR}): every
   * source the command line knows. The driver draws the batches of any other {@link TrainingData}
   * that {@link #train} is given.
   */
  public static boolean readsOnExecutors(String source) {
    return SparkTrainingData.readsOnExecutors(source);
  }

  /**
   * Has the run's context's executors read {@code source}, one partition per worker ({@link
   * SparkTrainingData#open}); {@link #train} then trains on that context.
   *
   * @throws DataSourceException in one line if the source is missing or malformed
   */
  public SparkTrainingData read(String source, String model, Shape input, TrainingConfig config,
      int classes, Consumer<String> dataNotices) throws DataSourceException {
    JavaSparkContext context = context();
    return SparkTrainingData.open(context, source, model, input, config, classes,
        SparkTrainer.workers(context, sparkConfig), dataNotices);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the loop is closed: a loop trains one run
   * @throws SparkJobException if a Spark job fails; the folder keeps the last complete epoch
   */
  @Override
  public TrainingState train(TrainingConfig config, TrainingProgress progress,
      GeneratedNetwork network, TrainingData data, TrainingState state, Optional<Path> out)
      throws IOException {
    try {
      SparkTrainer trainer = new SparkTrainer(context(), config, sparkConfig, progress);
      notices.accept(String.format(Locale.ROOT, "on Spark %s: %d workers of batch %d, parameters"
              + " averaged every %d steps", master, trainer.workers(), config.batchSize(),
          sparkConfig.averagingFrequency()));
      return trainer.train(network, data, state, out);
    } finally {
      close();
    }
  }

  /**
   * The run's context, once open.
   *
   * @throws IllegalStateException if the loop is closed
   */
  private JavaSparkContext context() {
    if (spark == null) {
      throw new IllegalStateException("this Spark loop is closed: a loop trains one run");
    }
    try {
      return spark.join();
    } catch (CompletionException e) {
      // What opening threw, as if this thread had opened the context.
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** Stops the run's context, once open; a context that failed to open needs no stopping. */
  @Override
  public void close() {
    if (spark != null) {
      CompletableFuture<JavaSparkContext> closing = spark;
      spark = null;
      closing.thenAccept(JavaSparkContext::close).exceptionally(e -> null).join();
    }
  }
}
