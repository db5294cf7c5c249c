package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.train.EpochMetrics;
import java.util.List;

/**
 * What one network's run gave.
 *
 * @param network which network
 * @param parameters its trainable parameters
 * @param training its training error over each window of iterations
 * @param test its test error after each epoch
 * @param epochs each epoch's metrics
 * @param minutes the run's wall time, test evaluations included
 */
public record NetworkResult(ExperimentNetwork network, long parameters,
    List<CurvePoint> training, List<CurvePoint> test, List<EpochMetrics> epochs,
    double minutes) {
  /** Copies the lists. */
  public NetworkResult {
    training = List.copyOf(training);
    test = List.copyOf(test);
    epochs = List.copyOf(epochs);
  }

  /** The training error of the last window, the end of the training curve. */
  public double finalTrainingError() {
    return training.isEmpty() ? Double.NaN : training.get(training.size() - 1).error();
  }

  /** The test error after the last epoch. */
  public double finalTestError() {
    return test.isEmpty() ? Double.NaN : test.get(test.size() - 1).error();
  }

  /** Training images a second, over all epochs. */
  public double imagesPerSecond() {
    return epochs.stream().mapToDouble(EpochMetrics::imagesPerSecond).average().orElse(Double.NaN);
  }
}
