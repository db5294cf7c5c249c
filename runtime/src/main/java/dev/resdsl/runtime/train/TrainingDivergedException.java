package dev.resdsl.runtime.train;

/** Training produced a loss that is not a finite number; the last checkpoint is kept. */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A divergence described in one line: where, and what to change. */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
