package dev.resdsl.runtime.data;

/**
 * Makes the mini-batch iterators training and evaluation read: shuffled and augmented for training,
 * in a fixed order and unchanged for evaluation, both normalised.
 */
public final class Batches {
  private Batches() {}

  /**
   * Training batches: shuffled each epoch, augmented, normalised.
   *
   * @param batchSize images a batch; the last batch of an epoch may have fewer
   * @param normalization usually {@link Normalization#of} the training images
   * @param augmentation {@link Augmentation#PAPER} or {@link Augmentation#NONE}, say
   * @param seed decides every epoch's order and augmentation
   * @param classes the model's classes, at least the data's: the width of the one-hot labels
   * @throws IllegalArgumentException if the model has fewer classes than the data, or the
   *     normalisation other channels
   */
  public static ImageBatches training(
      ImageDataset data,
      int batchSize,
      Normalization normalization,
      Augmentation augmentation,
      long seed,
      int classes) {
    return new ImageBatches(data, batchSize, classes, normalization, augmentation, true, seed);
  }

  /**
   * Evaluation batches: every image once, in order, normalised and otherwise unchanged.
   *
   * @param classes the model's classes, at least the data's: the width of the one-hot labels
   * @throws IllegalArgumentException if the model has fewer classes than the data, or the
   *     normalisation other channels
   */
  public static ImageBatches evaluation(
      ImageDataset data, int batchSize, Normalization normalization, int classes) {
    return new ImageBatches(data, batchSize, classes, normalization, Augmentation.NONE, false, 0);
  }
}
