package dev.resdsl.spark;

/**
 * How Spark spreads the training: how many workers fit batches side by side, and how many steps
 * each takes before their parameters (and optimiser state) are averaged. Each worker fits the
 * {@link dev.resdsl.runtime.train.TrainingConfig}'s batches whole: its batch size is the batch
 * per worker.
 *
 * @param workers workers that fit batches at once; 0 for the Spark context's default parallelism
 *     (the N of {@code local[N]}, or the executors' cores on a cluster)
 * @param averagingFrequency steps each worker takes between two averagings: fewer average more
 *     often, which follows single-machine training more closely and costs more communication
 */
public record SparkTrainingConfig(int workers, int averagingFrequency) {
  /** Deeplearning4j's default: every worker takes 5 steps between averagings. */
  public static final int DEFAULT_AVERAGING_FREQUENCY = 5;

  /** Checks both values, naming the bad one. */
  public SparkTrainingConfig {
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be at least 0 (0: Spark's default"
          + " parallelism), was " + workers);
    }
    if (averagingFrequency < 1) {
      throw new IllegalArgumentException("averaging frequency must be at least 1 step, was "
          + averagingFrequency);
    }
  }

  /** One worker per core Spark offers, averaging every 5 steps. */
  public static SparkTrainingConfig defaults() {
    return new SparkTrainingConfig(0, DEFAULT_AVERAGING_FREQUENCY);
  }

  /** This configuration with {@code value} workers (0: Spark's default parallelism). */
  public SparkTrainingConfig withWorkers(int value) {
    return new SparkTrainingConfig(value, averagingFrequency);
  }

  /** This configuration averaging every {@code value} steps. */
  public SparkTrainingConfig withAveragingFrequency(int value) {
    return new SparkTrainingConfig(workers, value);
  }
}
