package dev.resdsl.runtime.train;

import dev.resdsl.runtime.Checkpoints;
import dev.resdsl.runtime.GeneratedNetwork;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A training checkpoint: the network with its optimiser state, as {@link GeneratedNetwork#save}
 * writes it, plus the {@link TrainingState}; replaced atomically.
 */
public final class TrainingCheckpoint {
  /** The name of the checkpoint in a training run's output folder. */
  public static final String FILE_NAME = "checkpoint.zip";

  static final String STATE_ENTRY = "resdsl-training.properties";

  /**
   * The history up to the checkpoint, as {@code metrics.csv} has it: a kill after the checkpoint
   * is written but before {@code metrics.csv} is would otherwise lose the epoch's row.
   */
  static final String HISTORY_ENTRY = "resdsl-metrics.csv";

  private TrainingCheckpoint() {}

  /** Writes {@code network} and {@code state} to {@code file}. */
  public static void write(GeneratedNetwork network, TrainingState state, Path file)
      throws IOException {
    StringWriter text = new StringWriter();
    state.toProperties().store(text, "ResDSL training state");
    Checkpoints.write(network.graph(), network.description(), file,
        Map.of(STATE_ENTRY, text.toString(), HISTORY_ENTRY, MetricsFile.csv(state.history())));
  }

  /**
   * The training state of a checkpoint, with the history it records (none for one written before
   * checkpoints recorded it); see {@link #readState(Path, Path)}.
   */
  public static Optional<TrainingState> readState(Path file) throws IOException {
    return readState(file, null);
  }

  /**
   * The training state of a checkpoint, with the history up to it as the checkpoint records it,
   * else as {@code metricsFile} has it (none if that file is missing or null); empty for a file
   * that {@link GeneratedNetwork#save} wrote outside training.
   */
  public static Optional<TrainingState> readState(Path file, Path metricsFile)
      throws IOException {
    Optional<String> entry = Checkpoints.readEntry(file, STATE_ENTRY);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    properties.load(new StringReader(entry.get()));
    try {
      TrainingState state = TrainingState.fromProperties(properties);
      Optional<String> recorded = Checkpoints.readEntry(file, HISTORY_ENTRY);
      List<EpochMetrics> history = recorded.isPresent()
          ? MetricsFile.parse(recorded.get().lines().toList(), state.epochsDone(),
              file + "!" + HISTORY_ENTRY)
          : metricsFile == null
              ? List.of()
              : MetricsFile.read(metricsFile, state.epochsDone());
      return Optional.of(state.withHistory(history));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " has a damaged training state: " + e.getMessage(), e);
    }
  }
}
