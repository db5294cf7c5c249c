package dev.resdsl.runtime.train;

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
   * The training loss and error of the epoch just fitted, for a fit whose steps told no scores;
   * empty for one whose steps did. Its time is not counted in images/s.
   */
  default Optional<ScoreSum> measure(int epoch) {
    return Optional.empty();
  }
}
