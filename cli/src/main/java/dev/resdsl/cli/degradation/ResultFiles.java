package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.AtomicFiles;
import dev.resdsl.runtime.train.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The experiment's tables: the curves and the summary, as CSV and as a Markdown table. */
public final class ResultFiles {
  /** The header of {@code curves.csv}. */
  public static final String CURVES_HEADER = "network,split,iteration,epoch,error";

  /** The header of {@code summary.csv}. */
  public static final String SUMMARY_HEADER = "network,model,parameters,epochs,train_error,"
      + "last_epoch_train_error,test_error,minutes,images_per_s";

  private ResultFiles() {}

  /**
   * Replaces {@code file} with one row a point: each window's training error ({@code split}
   * {@code train}) and each epoch's test error ({@code test}).
   */
  static void writeCurves(Path file, List<NetworkResult> results) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(CURVES_HEADER);
    for (NetworkResult result : results) {
      for (CurvePoint point : result.training()) {
        lines.add(row(result, "train", point));
      }
      for (CurvePoint point : result.test()) {
        lines.add(row(result, "test", point));
      }
    }
    write(file, lines);
  }

  private static String row(NetworkResult result, String split, CurvePoint point) {
    return String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.6f", result.network().label(), split,
        point.iteration(), point.epoch(), point.error());
  }

  /** Replaces {@code file} with one row a network. */
  static void writeSummary(Path file, List<NetworkResult> results) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(SUMMARY_HEADER);
    for (NetworkResult r : results) {
      lines.add(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.6f,%.6f,%.2f,%.1f",
          r.network().label(), r.network().model().name(), r.parameters(), r.epochs().size(),
          r.finalTrainingError(), lastEpochTrainingError(r), r.finalTestError(), r.minutes(),
          r.imagesPerSecond()));
    }
    write(file, lines);
  }

  /** The summary as a Markdown table, errors in percent. */
  public static String markdown(List<NetworkResult> results) {
    StringBuilder table = new StringBuilder(
        "| network | parameters | training error, last window | training error, last epoch"
            + " | test error | wall time | images/s |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (NetworkResult r : results) {
      table.append(String.format(Locale.ROOT,
          "| %s | %,d | %.2f%% | %.2f%% | %.2f%% | %.1f min | %.0f |%n", r.network().label(),
          r.parameters(), 100 * r.finalTrainingError(), 100 * lastEpochTrainingError(r),
          100 * r.finalTestError(), r.minutes(), r.imagesPerSecond()));
    }
    return table.toString();
  }

  private static double lastEpochTrainingError(NetworkResult result) {
    List<EpochMetrics> epochs = result.epochs();
    return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainError();
  }

  private static void write(Path file, List<String> lines) throws IOException {
    AtomicFiles.replace(file, temp -> Files.write(temp, lines, StandardCharsets.UTF_8));
  }
}
