package dev.resdsl.runtime.train;

import dev.resdsl.runtime.AtomicFiles;
import dev.resdsl.runtime.train.ErrorChart.Curve;
import dev.resdsl.runtime.train.ErrorChart.Key;
import dev.resdsl.runtime.train.ErrorChart.Panel;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code training.png}: training error (thin) and test error (bold) against epochs, in the style
 * of the paper's figures.
 */
public final class TrainingPlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color TEST = new Color(0xd62728);
  private static final float THIN = 1.5f;
  private static final float BOLD = 4f;

  private TrainingPlot() {}

  /** Draws the curves of {@code history} for {@code title} into {@code file}, atomically. */
  public static void write(Path file, String title, List<EpochMetrics> history) throws IOException {
    AtomicFiles.write(file, render(title, history));
  }

  /** The PNG bytes of the plot. */
  static byte[] render(String title, List<EpochMetrics> history) throws IOException {
    int epochs = Math.max(1, history.isEmpty() ? 1 : history.get(history.size() - 1).epoch());
    double max = 0;
    for (EpochMetrics row : history) {
      max = Math.max(max, Math.max(finite(row.trainError()), finite(row.testError())));
    }
    Panel panel = new Panel(title, "epoch", epochs,
        List.of(curve(history, EpochMetrics::trainError, TRAIN, THIN),
            curve(history, EpochMetrics::testError, TEST, BOLD)),
        List.of(new Key("training error", TRAIN, THIN), new Key("test error", TEST, BOLD)));
    return ErrorChart.png(List.of(panel), WIDTH, HEIGHT, ErrorChart.ceiling(max));
  }

  private static Curve curve(List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> error,
      Color color, float width) {
    double[] x = new double[history.size()];
    double[] y = new double[history.size()];
    for (int i = 0; i < history.size(); i++) {
      x[i] = history.get(i).epoch();
      y[i] = error.applyAsDouble(history.get(i));
    }
    return new Curve(color, width, true, x, y);
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0;
  }
}
