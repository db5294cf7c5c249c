package dev.resdsl.runtime.train;

import dev.resdsl.runtime.data.Augmentation;
import dev.resdsl.runtime.data.Batches;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.ImageBatches;
import dev.resdsl.runtime.data.Normalization;
import java.util.List;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The training data of a {@link DataSplit}: normalised per channel with the training images'
 * statistics, augmented as the configuration says, shuffled afresh each epoch.
 */
final class SplitTrainingData implements TrainingData {
  /** Evaluation needs no gradients, so larger batches only cost memory. */
  private static final int TEST_BATCH = 256;

  private final ImageBatches training;
  private final ImageBatches test;
  private final Normalization normalization;
  private final List<String> classNames;

  SplitTrainingData(DataSplit split, TrainingConfig config, int classes) {
    normalization = Normalization.of(split.train());
    classNames = split.train().classNames();
    training = Batches.training(split.train(), config.batchSize(), normalization,
        config.augment() ? Augmentation.PAPER : Augmentation.NONE, config.seed(), classes);
    test = Batches.evaluation(split.test(), TEST_BATCH, normalization, classes);
  }

  @Override
  public DataSetIterator trainingEpoch(int epoch) {
    training.setEpoch(epoch);
    return training;
  }

  @Override
  public DataSetIterator test() {
    test.reset();
    return test;
  }

  @Override
  public int trainingSize() {
    return training.size();
  }

  @Override
  public String normalization() {
    return normalization.toString();
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }
}
