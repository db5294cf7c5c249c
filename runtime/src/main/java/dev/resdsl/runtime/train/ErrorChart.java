package dev.resdsl.runtime.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Error curves drawn as a PNG in the style of the paper's figures: one or more panels side by side
 * sharing an error axis in percent, each curve with its own colour and line width (the paper draws
 * training error thin and test error bold).
 */
public final class ErrorChart {
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  /**
   * One curve.
   *
   * @param color its colour
   * @param width its line width in pixels
   * @param markers whether each point is marked with a dot, for curves of few points
   * @param x the points' positions on the panel's x axis
   * @param error the points' errors as fractions; a non-finite one is left out
   */
  public record Curve(Color color, float width, boolean markers, double[] x, double[] error) {
    /** Checks that every point has both coordinates. */
    public Curve {
      if (x.length != error.length) {
        throw new IllegalArgumentException(
            x.length + " x values but " + error.length + " errors");
      }
    }
  }

  /**
   * A legend entry: a short line of the curve's colour and width, and its label.
   *
   * @param label what the line stands for
   * @param color the line's colour
   * @param width the line's width
   */
  public record Key(String label, Color color, float width) {}

  /**
   * One panel of the chart.
   *
   * @param title written above the panel
   * @param xLabel what the x axis counts, such as {@code epoch} or {@code iteration}
   * @param xMax the right end of the x axis (its left end is 0)
   * @param curves the curves, drawn in order
   * @param legend the legend, top right
   */
  public record Panel(String title, String xLabel, double xMax, List<Curve> curves,
      List<Key> legend) {
    /** Copies the lists. */
    public Panel {
      curves = List.copyOf(curves);
      legend = List.copyOf(legend);
    }
  }

  private ErrorChart() {}

  /**
   * The PNG bytes of {@code panels} side by side, each {@code panelWidth} by {@code height}
   * pixels, all sharing an error axis from 0 to {@code top} (a fraction; points above it are
   * clipped).
   */
  public static byte[] png(List<Panel> panels, int panelWidth, int height, double top)
      throws IOException {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one panel");
    }
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(panelWidth * panels.size(), height,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), height);
      for (int i = 0; i < panels.size(); i++) {
        new Frame(panelWidth * i, panelWidth, height, panels.get(i).xMax(), 100 * top)
            .draw(g, panels.get(i));
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }

  /**
   * The top of an error axis for errors up to {@code maxError}: rounded up to the next 10%,
   * at least 10% and at most 100%.
   */
  public static double ceiling(double maxError) {
    double percent = Double.isFinite(maxError) ? 100 * maxError : 100;
    return Math.min(100, Math.max(10, Math.ceil(percent / 10) * 10)) / 100;
  }

  /** A round step for about eight ticks up to {@code max}: 1, 2 or 5 times a power of ten. */
  static double tickStep(double max) {
    double raw = Math.max(max, 1e-9) / 8;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double factor : new double[] {1, 2, 5}) {
      if (factor * magnitude >= raw) {
        return factor * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** One panel's place in the image and its axes' scales. */
  private record Frame(int left, int width, int height, double xMax, double topPercent) {
    int x(double value) {
      return left + LEFT + (int) Math.round((width - LEFT - RIGHT) * value / xMax);
    }

    int y(double percent) {
      return height - BOTTOM - (int) Math.round((height - TOP - BOTTOM) * percent / topPercent);
    }

    void draw(Graphics2D g, Panel panel) {
      axes(g);
      g.setClip(left + LEFT, TOP, width - LEFT - RIGHT + 1, height - TOP - BOTTOM + 1);
      for (Curve curve : panel.curves()) {
        curve(g, curve);
      }
      g.setClip(null);
      try {
        text(g, panel);
      } catch (InternalError | LinkageError noFonts) {
        // A machine without fonts still gets the curves; only the text is left out.
      }
    }

    private void axes(Graphics2D g) {
      g.setStroke(new BasicStroke(1));
      double step = gridStep();
      for (double p = 0; p <= topPercent + 1e-9; p += step) {
        g.setColor(p == 0 ? Color.BLACK : new Color(0xdddddd));
        g.drawLine(left + LEFT, y(p), left + width - RIGHT, y(p));
      }
      g.setColor(Color.BLACK);
      g.drawLine(left + LEFT, TOP, left + LEFT, height - BOTTOM);
    }

    private double gridStep() {
      return topPercent <= 20 ? 2 : topPercent <= 50 ? 5 : 10;
    }

    private void curve(Graphics2D g, Curve curve) {
      Path2D.Double line = new Path2D.Double();
      boolean started = false;
      g.setColor(curve.color());
      for (int i = 0; i < curve.x().length; i++) {
        double value = curve.error()[i];
        if (!Double.isFinite(value)) {
          continue;
        }
        int px = x(curve.x()[i]);
        int py = y(100 * value);
        if (started) {
          line.lineTo(px, py);
        } else {
          line.moveTo(px, py);
          started = true;
        }
        if (curve.markers()) {
          g.fillOval(px - 3, py - 3, 6, 6);
        }
      }
      g.setStroke(new BasicStroke(curve.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(line);
    }

    private void text(Graphics2D g, Panel panel) {
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(panel.title(), left + LEFT, 25);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      double step = gridStep();
      for (double p = 0; p <= topPercent + 1e-9; p += step) {
        g.drawString(String.format(Locale.ROOT, "%.0f%%", p), left + LEFT - 40, y(p) + 4);
      }
      double xStep = tickStep(xMax);
      for (int i = 0; i * xStep <= xMax + 1e-9; i++) {
        double value = i * xStep;
        String label = xStep >= 1 ? String.format(Locale.ROOT, "%,.0f", value)
            : String.format(Locale.ROOT, "%.2g", value);
        g.drawString(label, x(value) - 4 * label.length() / 2, height - BOTTOM + 18);
      }
      g.drawString(panel.xLabel(), left + width / 2, height - 12);
      g.drawString("error", left + 10, TOP - 10);
      int keyX = left + width - RIGHT - 190;
      int keyY = TOP + 10;
      if (!panel.legend().isEmpty()) {
        // Curves pass under the legend rather than through its labels.
        g.setColor(Color.WHITE);
        g.fillRect(keyX - 8, keyY - 10, 190, 20 * panel.legend().size());
      }
      for (Key key : panel.legend()) {
        g.setColor(key.color());
        g.setStroke(new BasicStroke(key.width()));
        g.drawLine(keyX, keyY, keyX + 30, keyY);
        g.setColor(Color.BLACK);
        g.drawString(key.label(), keyX + 40, keyY + 4);
        keyY += 20;
      }
    }
  }
}
