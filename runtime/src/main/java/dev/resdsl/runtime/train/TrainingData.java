package dev.resdsl.runtime.train;

import dev.resdsl.runtime.data.DataSplit;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The batches a training run draws: a fresh order each epoch, and a fixed test set. */
public interface TrainingData {
  /**
   * The batches of a split: normalised with the training images' per-channel statistics, with
   * the paper's augmentation if {@code config.augment()}, labels one-hot over {@code classes}.
   */
  static TrainingData of(DataSplit split, TrainingConfig config, int classes) {
    return new SplitTrainingData(split, config, classes);
  }

  /** The training batches of {@code epoch} (0-based): the same epoch gives the same batches. */
  DataSetIterator trainingEpoch(int epoch);

  /** The test batches, in a fixed order. */
  DataSetIterator test();

  /** Training images an epoch. */
  int trainingSize();

  /** The normalisation applied to the images, stored with checkpoints so eval can apply it. */
  String normalization();

  /** The names of the data's classes, stored with checkpoints so predict can name them. */
  java.util.List<String> classNames();
}
