package dev.resdsl.runtime.train;

import dev.resdsl.runtime.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code metrics.csv}: one row an epoch, rewritten whole after every epoch. */
final class MetricsFile {
  private MetricsFile() {}

  static void write(Path file, List<EpochMetrics> history) throws IOException {
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    for (EpochMetrics row : history) {
      csv.append(row.toCsv()).append('\n');
    }
    AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The rows of a metrics file up to epoch {@code upTo}; empty if there is no file. */
  static List<EpochMetrics> read(Path file, int upTo) throws IOException {
    List<EpochMetrics> rows = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      try {
        EpochMetrics row = EpochMetrics.parseCsv(line);
        if (row.epoch() <= upTo) {
          rows.add(row);
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " has a damaged row \"" + line + "\": delete the file to"
            + " start the curves afresh", e);
      }
    }
    return rows;
  }
}
