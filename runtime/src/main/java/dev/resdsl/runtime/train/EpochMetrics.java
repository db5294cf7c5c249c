package dev.resdsl.runtime.train;

import java.util.Locale;

/**
 * What one epoch of training measured: a row of {@code metrics.csv}.
 *
 * @param epoch the epoch, counted from 1
 * @param trainLoss mean cross-entropy of the epoch's training steps
 * @param trainError fraction of training images misclassified during the epoch's steps
 * @param testError fraction of test images misclassified after the epoch
 * @param imagesPerSecond training throughput of the epoch
 */
public record EpochMetrics(
    int epoch, double trainLoss, double trainError, double testError, double imagesPerSecond) {

  /** The CSV header line. */
  public static final String CSV_HEADER = "epoch,train_loss,train_error,test_error,images_per_s";

  /** This row as CSV. */
  public String toCsv() {
    return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.2f",
        epoch, trainLoss, trainError, testError, imagesPerSecond);
  }

  /** Parses a row written by {@link #toCsv()}. */
  public static EpochMetrics parseCsv(String line) {
    String[] f = line.trim().split(",");
    if (f.length != 5) {
      throw new IllegalArgumentException("not a metrics row: " + line);
    }
    return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]));
  }
}
