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

  private TrainingCheckpoint() {}

  /** Writes {@code network} and {@code state} to {@code file}. */
  public static void write(GeneratedNetwork network, TrainingState state, Path file)
      throws IOException {
    StringWriter text = new StringWriter();
    state.toProperties().store(text, "ResDSL training state");
    Checkpoints.write(network.graph(), network.description(), file,
        Map.of(STATE_ENTRY, text.toString()));
  }

  /** The training state of a checkpoint, without its history; see {@link #readState(Path, Path)}. */
  public static Optional<TrainingState> readState(Path file) throws IOException {
    return readState(file, null);
  }

  /**
   * The training state of a checkpoint, with the history up to it read from {@code metricsFile}
   * (none if that file is missing); empty for a file that {@link GeneratedNetwork#save} wrote
   * outside training.
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
      TrainingState state = TrainingState.fromProperties(properties, List.of());
      List<EpochMetrics> history = metricsFile == null
          ? List.of()
          : MetricsFile.read(metricsFile, state.epochsDone());
      return Optional.of(TrainingState.fromProperties(properties, history));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " has a damaged training state: " + e.getMessage(), e);
    }
  }
}
