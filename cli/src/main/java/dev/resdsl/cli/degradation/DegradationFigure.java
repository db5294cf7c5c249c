package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.AtomicFiles;
import dev.resdsl.runtime.train.ErrorChart;
import dev.resdsl.runtime.train.ErrorChart.Curve;
import dev.resdsl.runtime.train.ErrorChart.Key;
import dev.resdsl.runtime.train.ErrorChart.Panel;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code figure.png} in the style of the paper's Figure 6: plain networks on the left, ResNets on
 * the right, on one error axis against iterations; training error thin, test error bold, one
 * colour per network.
 */
final class DegradationFigure {
  private static final int PANEL_WIDTH = 640;
  private static final int HEIGHT = 460;
  private static final float THIN = 1.2f;
  private static final float BOLD = 3.5f;
  private static final Color STYLE = new Color(0x555555);

  private DegradationFigure() {}

  /** Draws the curves of {@code results} into {@code file}, atomically. */
  static void write(Path file, List<NetworkResult> results, int every) throws IOException {
    AtomicFiles.write(file, render(results, every));
  }

  static byte[] render(List<NetworkResult> results, int every) throws IOException {
    long lastIteration = every;
    double max = 0;
    for (NetworkResult result : results) {
      for (CurvePoint point : result.test()) {
        lastIteration = Math.max(lastIteration, point.iteration());
        max = Math.max(max, point.error());
      }
      // The first window starts at chance; the axis is scaled to where the curves separate.
      for (CurvePoint point : result.training().subList(Math.min(1, result.training().size()),
          result.training().size())) {
        lastIteration = Math.max(lastIteration, point.iteration());
        max = Math.max(max, point.error());
      }
    }
    List<Panel> panels = new ArrayList<>();
    for (boolean residual : new boolean[] {false, true}) {
      if (results.stream().noneMatch(r -> r.network().residual() == residual)) {
        continue; // a run of some of the networks only
      }
      List<Curve> curves = new ArrayList<>();
      List<Key> legend = new ArrayList<>();
      for (NetworkResult result : results) {
        if (result.network().residual() != residual) {
          continue;
        }
        Color color = color(result.network());
        curves.add(curve(result.training(), color, THIN, false));
        curves.add(curve(result.test(), color, BOLD, true));
        legend.add(new Key(result.network().label(), color, BOLD));
      }
      legend.add(new Key("training error", STYLE, THIN));
      legend.add(new Key("test error", STYLE, BOLD));
      panels.add(new Panel(residual ? "ResNets" : "plain networks", "iteration", lastIteration,
          curves, legend));
    }
    return ErrorChart.png(panels, PANEL_WIDTH, HEIGHT, ErrorChart.ceiling(max));
  }

  /** One fixed colour a network, so that the figures of different runs compare at a glance. */
  static Color color(ExperimentNetwork network) {
    return switch (network) {
      case PLAIN_20 -> new Color(0xe6a800);
      case PLAIN_56 -> new Color(0xd62728);
      case RESNET_20 -> new Color(0x1f77b4);
      case RESNET_56 -> new Color(0x2ca02c);
    };
  }

  private static Curve curve(List<CurvePoint> points, Color color, float width, boolean markers) {
    double[] x = new double[points.size()];
    double[] y = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      x[i] = points.get(i).iteration();
      y[i] = points.get(i).error();
    }
    return new Curve(color, width, markers, x, y);
  }
}
