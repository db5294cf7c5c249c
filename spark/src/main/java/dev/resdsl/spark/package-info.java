/**
 * Data-parallel training of generated networks on Apache Spark: {@link
 * dev.resdsl.spark.SparkTrainer} trains any {@link dev.resdsl.runtime.GeneratedNetwork} with
 * Deeplearning4j's parameter averaging and keeps the same checkpoint, metrics and plot as the
 * single-machine {@link dev.resdsl.runtime.train.Trainer}.
 */
package dev.resdsl.spark;
