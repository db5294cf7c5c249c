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
    AtomicFiles.write(file, csv(history).getBytes(StandardCharsets.UTF_8));
  }

  /** The file's text: the header, then a row an epoch. */
  static String csv(List<EpochMetrics> history) {
    StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
    for (EpochMetrics row : history) {
      csv.append(row.toCsv()).append('\n');
    }
    return csv.toString();
  }

  /** The rows of a metrics file up to epoch {@code upTo}; empty if there is no file. */
  static List<EpochMetrics> read(Path file, int upTo) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new ArrayList<>();
    }
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), upTo, file.toString());
  }

  /** The rows of the lines of a metrics file, header first, up to epoch {@code upTo}. */
  static List<EpochMetrics> parse(List<String> lines, int upTo, String file) throws IOException {
    List<EpochMetrics> rows = new ArrayList<>();
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
