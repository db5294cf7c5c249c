package dev.resdsl.spark;

import dev.resdsl.runtime.data.Augmentation;
import dev.resdsl.runtime.data.Batches;
import dev.resdsl.runtime.data.ImageBatches;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.data.Seeds;
import java.io.Serializable;

/**
 * How an executor makes batches of its partition's images, as one machine makes them of all
 * ({@link Batches}): normalised, and for training shuffled and augmented, with partition {@code
 * p}'s order and augmentation drawn from the run's seed, {@code p} and the epoch alone, so that a
 * fixed partitioning gives the same batches on every run and every retried task.
 *
 * @param batchSize images a training batch
 * @param normalization {@link Normalization#toString()}, which {@link Normalization#parse} reads
 *     back exactly
 * @param pad the augmentation's padding
 * @param flip the augmentation's flips
 * @param seed the run's seed
 * @param classes the model's classes, the width of the one-hot labels
 */
record PartitionBatches(int batchSize, String normalization, int pad, boolean flip, long seed,
    int classes) implements Serializable {
  /** Evaluation needs no gradients, so larger batches only cost memory (as on one machine). */
  static final int TEST_BATCH = 256;

  /** The specification of batches of {@code batchSize} normalised and augmented so. */
  static PartitionBatches of(int batchSize, Normalization normalization,
      Augmentation augmentation, long seed, int classes) {
    return new PartitionBatches(batchSize, normalization.toString(), augmentation.pad(),
        augmentation.flip(), seed, classes);
  }

  /** Partition {@code partition}'s training batches of {@code epoch}, from its start. */
  ImageBatches training(ImageDataset images, int partition, int epoch) {
    ImageBatches batches = Batches.training(images, batchSize, Normalization.parse(normalization),
        new Augmentation(pad, flip), Seeds.derive(seed, partition), classes);
    batches.setEpoch(epoch);
    return batches;
  }

  /** Test batches of {@code images}, in order and unchanged but for the normalisation. */
  ImageBatches evaluation(ImageDataset images) {
    return Batches.evaluation(images, TEST_BATCH, Normalization.parse(normalization), classes);
  }

  /** The training batches a partition of {@code images} images has an epoch. */
  int batchesOf(int images) {
    return (images + batchSize - 1) / batchSize;
  }
}
