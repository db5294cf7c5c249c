package dev.resdsl.runtime.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import dev.resdsl.runtime.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * {@code training.png}: training error (thin) and test error (bold) against epochs, in the style
 * of the paper's figures.
 */
public final class TrainingPlot {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final Color TRAIN = new Color(0x1f77b4);
  private static final Color TEST = new Color(0xd62728);

  private TrainingPlot() {}

  /** Draws the curves of {@code history} for {@code title} into {@code file}, atomically. */
  public static void write(Path file, String title, List<EpochMetrics> history) throws IOException {
    AtomicFiles.write(file, render(title, history));
  }

  /** The PNG bytes of the plot. */
  static byte[] render(String title, List<EpochMetrics> history) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int epochs = Math.max(1, history.isEmpty() ? 1 : history.get(history.size() - 1).epoch());
      double top = ceilingPercent(history);
      axes(g, epochs, top);
      curve(g, history, EpochMetrics::trainError, epochs, top, TRAIN, 1.5f);
      curve(g, history, EpochMetrics::testError, epochs, top, TEST, 4f);
      labels(g, title, epochs, top);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }

  /** The top of the error axis, in percent: the largest error rounded up to 10. */
  private static double ceilingPercent(List<EpochMetrics> history) {
    double max = 10;
    for (EpochMetrics row : history) {
      max = Math.max(max, 100 * Math.max(finite(row.trainError()), finite(row.testError())));
    }
    return Math.min(100, Math.ceil(max / 10) * 10);
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0;
  }

  private static int x(double epoch, int epochs) {
    return LEFT + (int) Math.round((WIDTH - LEFT - RIGHT) * epoch / epochs);
  }

  private static int y(double percent, double top) {
    return HEIGHT - BOTTOM - (int) Math.round((HEIGHT - TOP - BOTTOM) * percent / top);
  }

  private static void axes(Graphics2D g, int epochs, double top) {
    g.setStroke(new BasicStroke(1));
    for (int p = 0; p <= top; p += 10) {
      g.setColor(p == 0 ? Color.BLACK : new Color(0xdddddd));
      g.drawLine(LEFT, y(p, top), WIDTH - RIGHT, y(p, top));
    }
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
  }

  private static void curve(Graphics2D g, List<EpochMetrics> history,
      ToDoubleFunction<EpochMetrics> error, int epochs, double top, Color color, float width) {
    Path2D.Double line = new Path2D.Double();
    boolean started = false;
    for (EpochMetrics row : history) {
      double value = error.applyAsDouble(row);
      if (!Double.isFinite(value)) {
        continue;
      }
      int px = x(row.epoch(), epochs);
      int py = y(100 * value, top);
      if (started) {
        line.lineTo(px, py);
      } else {
        line.moveTo(px, py);
        started = true;
      }
      g.setColor(color);
      g.fillOval(px - 3, py - 3, 6, 6);
    }
    g.setColor(color);
    g.setStroke(new BasicStroke(width));
    g.draw(line);
  }

  private static void labels(Graphics2D g, String title, int epochs, double top) {
    try {
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, LEFT, 25);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int p = 0; p <= top; p += 10) {
        g.drawString(p + "%", LEFT - 40, y(p, top) + 4);
      }
      int step = Math.max(1, epochs / 10);
      for (int e = 0; e <= epochs; e += step) {
        g.drawString(Integer.toString(e), x(e, epochs) - 4, HEIGHT - BOTTOM + 18);
      }
      g.drawString("epoch", WIDTH / 2, HEIGHT - 12);
      g.drawString("error", 10, TOP - 10);
      legend(g, WIDTH - 230, TOP + 10, TRAIN, 1.5f, "training error");
      legend(g, WIDTH - 230, TOP + 30, TEST, 4f, "test error");
    } catch (InternalError | LinkageError noFonts) {
      // A machine without fonts still gets the curves; only the text is left out.
    }
  }

  private static void legend(Graphics2D g, int x, int y, Color color, float width, String text) {
    g.setColor(color);
    g.setStroke(new BasicStroke(width));
    g.drawLine(x, y, x + 30, y);
    g.setColor(Color.BLACK);
    g.drawString(text, x + 40, y + 4);
  }
}
