package dev.resdsl.runtime.train;

/** Hears how training goes: a progress bar, a log, a test. Every method has a default. */
public interface TrainingProgress {
  /** Nothing is shown. */
  TrainingProgress SILENT = new TrainingProgress() {};

  /** An epoch starts. */
  default void epochStarted(int epoch, int epochs, int images) {}

  /** A step is done; the figures are the epoch's so far. */
  default void stepDone(int imagesSeen, double loss, double error, double imagesPerSecond) {}

  /**
   * Step {@code iteration} (counted from 1 over the whole run) is done; {@code loss} and {@code
   * error} are of its own batch, measured by the step's forward pass, before its update; on Spark
   * each round's steps are reported when the round is back.
   */
  default void iterationDone(long iteration, int images, double loss, double error) {}

  /** The epoch is done and measured (and checkpointed, where there is an output folder). */
  default void epochDone(EpochMetrics metrics) {}

  /** Something the user should know, on one line. */
  default void note(String message) {}
}
