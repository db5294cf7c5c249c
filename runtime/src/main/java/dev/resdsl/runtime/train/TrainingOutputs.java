package dev.resdsl.runtime.train;

import dev.resdsl.runtime.AtomicFiles;
import dev.resdsl.runtime.GeneratedNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files a training run keeps in its output folder, {@code checkpoint.zip}, {@code
 * metrics.csv} and {@code training.png}, each replaced atomically: one writer for every way of
 * training, so that single-machine and distributed runs leave the same folder.
 */
public final class TrainingOutputs {
  private TrainingOutputs() {}

  /** Removes what a killed run may have left half-written beside the output files. */
  public static void removeLeftovers(Path out) throws IOException {
    for (String file : List.of(TrainingCheckpoint.FILE_NAME, Trainer.METRICS_FILE,
        Trainer.PLOT_FILE)) {
      AtomicFiles.removeLeftovers(out.resolve(file));
    }
  }

  /**
   * Writes the checkpoint first: metrics and plot describe what it holds. A file that cannot be
   * written (a full disk) is an {@link OutputWriteException} saying what the folder still holds.
   */
  public static void keep(GeneratedNetwork network, TrainingState state, Path out)
      throws IOException {
    Path checkpoint = out.resolve(TrainingCheckpoint.FILE_NAME);
    String previous = Files.exists(checkpoint)
        ? "the previous checkpoint is kept"
        : "no checkpoint was written";
    String written = checkpoint + " holds epoch " + state.epochsDone()
        + "; --resume rewrites the file";
    keepOne(checkpoint, previous,
        () -> TrainingCheckpoint.write(network, state, checkpoint));
    keepOne(out.resolve(Trainer.METRICS_FILE), written,
        () -> MetricsFile.write(out.resolve(Trainer.METRICS_FILE), state.history()));
    keepOne(out.resolve(Trainer.PLOT_FILE), written,
        () -> TrainingPlot.write(out.resolve(Trainer.PLOT_FILE), network.name(), state.history()));
  }

  private interface Write {
    void run() throws IOException;
  }

  private static void keepOne(Path file, String kept, Write write) throws IOException {
    try {
      write.run();
    } catch (IOException e) {
      throw new OutputWriteException(file, kept, e);
    }
  }
}
