package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.train.EpochMetrics;
import dev.resdsl.runtime.train.TrainingProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * One network's error curves as training reports them: the training error averaged over each
 * window of {@code every} iterations (the paper's curves are of the mini-batches' own errors,
 * augmentation and all) and the test error after each epoch. Passes every report on to a
 * progress display.
 */
final class ErrorCurve implements TrainingProgress {
  private final int every;
  private final TrainingProgress display;
  private final List<CurvePoint> training = new ArrayList<>();
  private final List<CurvePoint> test = new ArrayList<>();
  private final List<EpochMetrics> epochs = new ArrayList<>();
  private final int iterationsPerEpoch;
  private long iteration;
  private long windowErrors;
  private long windowImages;
  private int windowSteps;

  ErrorCurve(int every, int iterationsPerEpoch, TrainingProgress display) {
    if (every < 1) {
      throw new IllegalArgumentException("the window must be at least one iteration, was " + every);
    }
    this.every = every;
    this.iterationsPerEpoch = iterationsPerEpoch;
    this.display = display;
  }

  @Override
  public void epochStarted(int epoch, int epochs, int images) {
    display.epochStarted(epoch, epochs, images);
  }

  @Override
  public void iterationDone(long iteration, int images, double loss, double error) {
    display.iterationDone(iteration, images, loss, error);
    this.iteration = iteration;
    // Errors are whole images: the rounding only undoes the division the meter made.
    windowErrors += Math.round(error * images);
    windowImages += images;
    if (++windowSteps == every) {
      training.add(new CurvePoint(iteration, epochOf(iteration), (double) windowErrors / windowImages));
      windowErrors = 0;
      windowImages = 0;
      windowSteps = 0;
    }
  }

  @Override
  public void stepDone(int imagesSeen, double loss, double error, double imagesPerSecond) {
    display.stepDone(imagesSeen, loss, error, imagesPerSecond);
  }

  @Override
  public void epochDone(EpochMetrics metrics) {
    display.epochDone(metrics);
    epochs.add(metrics);
    test.add(new CurvePoint(iteration, metrics.epoch(), metrics.testError()));
  }

  @Override
  public void note(String message) {
    display.note(message);
  }

  private double epochOf(long step) {
    return (double) step / iterationsPerEpoch;
  }

  /** The training error of each full window, in order. */
  List<CurvePoint> training() {
    return List.copyOf(training);
  }

  /** The test error after each epoch, in order. */
  List<CurvePoint> test() {
    return List.copyOf(test);
  }

  /** Each epoch's metrics, in order. */
  List<EpochMetrics> epochs() {
    return List.copyOf(epochs);
  }
}
