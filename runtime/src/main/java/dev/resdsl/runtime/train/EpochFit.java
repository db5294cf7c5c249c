package dev.resdsl.runtime.train;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.eval.Evaluator;
import java.util.Optional;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * How one epoch's batches are fitted and, where its steps cannot be measured as they run, how the
 * epoch is: the part of training that differs between this machine ({@link Trainer}) and a
 * cluster. {@link EpochRunner} does everything else, the same for both.
 */
public interface EpochFit {
  /**
   * Fits the epoch's batches in their order and tells {@code steps} what it fitted: each step
   * with the score of its own forward pass ({@link EpochRunner.Steps#stepDone}), or, for steps
   * that run out of sight, their number once they are all done ({@link
   * EpochRunner.Steps#stepsDone}).
   */
  void fit(int epoch, DataSetIterator batches, EpochRunner.Steps steps);

  /**
   * Fits epoch {@code epoch} of {@code data}: its batches as {@link TrainingData#trainingEpoch}
   * draws them, unless this fit reads the data where it lies (a cluster's partitions).
   */
  default void fit(int epoch, TrainingData data, EpochRunner.Steps steps) {
    fit(epoch, data.trainingEpoch(epoch), steps);
  }

  /**
   * {@code network}'s evaluation on {@code data}'s test images after an epoch: on {@link
   * TrainingData#test}'s batches, unless this fit evaluates where the images lie.
   */
  default Evaluation test(GeneratedNetwork network, TrainingData data) {
    return Evaluator.evaluate(network, data.test());
  }

  /**
   * The training loss and error of the epoch just fitted, for a fit whose steps told no scores;
   * empty for one whose steps did. Its time is not counted in images/s.
   */
  default Optional<ScoreSum> measure(int epoch) {
    return Optional.empty();
  }
}
