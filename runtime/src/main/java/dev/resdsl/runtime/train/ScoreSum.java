package dev.resdsl.runtime.train;

import dev.resdsl.runtime.exec.BatchScore;
import java.io.Serializable;

/**
 * The training loss and error of many batches, summed from their {@link BatchScore}s: the one
 * account behind {@code metrics.csv}'s {@code train_loss} and {@code train_error}, kept step by
 * step, or merged from wherever an epoch was measured after the fact.
 */
public final class ScoreSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private double lossSum;
  private long errors;
  private long count;

  /** Adds one batch. */
  public void add(BatchScore score) {
    lossSum += score.loss() * score.count();
    errors += score.errors();
    count += score.count();
  }

  /** Adds the batches of another sum, such as a worker's. */
  public void add(ScoreSum other) {
    lossSum += other.lossSum;
    errors += other.errors;
    count += other.count;
  }

  /** Images summed. */
  public long count() {
    return count;
  }

  /** Mean cross-entropy per image; NaN before any. */
  public double loss() {
    return count == 0 ? Double.NaN : lossSum / count;
  }

  /** Fraction of images misclassified; NaN before any. */
  public double error() {
    return count == 0 ? Double.NaN : (double) errors / count;
  }
}
