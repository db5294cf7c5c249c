/**
 * Data-parallel training of generated networks on Apache Spark: {@link
 * dev.resdsl.spark.SparkTrainer} trains any {@link dev.resdsl.runtime.GeneratedNetwork} on
 * Spark's workers with the engine of one machine ({@link dev.resdsl.runtime.exec.FastTraining}),
 * averaging parameters, batch-norm statistics and momentum every few steps, and keeps the same
 * checkpoint, metrics and plot as the single-machine {@link dev.resdsl.runtime.train.Trainer},
 * through the same {@link dev.resdsl.runtime.train.EpochRunner}; {@link
 * dev.resdsl.spark.SparkLoop} is the {@link dev.resdsl.runtime.train.TrainingLoop} that opens a
 * context for each run. {@link dev.resdsl.spark.SparkTrainingData} is a {@code folder:} source
 * read, decoded and kept by the executors, one partition per worker, so that the driver holds no
 * images.
 */
package dev.resdsl.spark;
