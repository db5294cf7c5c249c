package dev.resdsl.runtime.train;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.network.ResidualNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Small networks and data sets for training tests: everything at 3x9x9, five classes. */
public final class TrainingFixtures {
  private TrainingFixtures() {}

  static final List<String> COLOURS = List.of("red", "green", "blue", "yellow", "cyan",
      "magenta", "orange", "white", "purple", "lime");
  private static final int[][] RGB = {{230, 30, 30}, {30, 220, 40}, {40, 60, 230}, {220, 220, 30},
      {30, 210, 210}, {220, 30, 220}, {240, 140, 20}, {235, 235, 235}, {120, 30, 200},
      {150, 240, 120}};

  /**
   * An easy task: each class is a bright square of its own colour at a random place on a dark,
   * noisy background; image i depends only on {@code seed} and i.
   */
  static ImageDataset colours(int count, long seed) {
    return colours(count, seed, 5);
  }

  /** As {@link #colours(int, long)} with {@code classes} (up to 10) colours. */
  static ImageDataset colours(int count, long seed, int classes) {
    int[][] rgb = java.util.Arrays.copyOf(RGB, classes);
    int h = 9;
    int w = 9;
    byte[] pixels = new byte[count * 3 * h * w];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
      int label = i % rgb.length;
      labels[i] = label;
      int size = 3 + random.nextInt(3);
      int top = random.nextInt(h - size + 1);
      int left = random.nextInt(w - size + 1);
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            boolean inside = y >= top && y < top + size && x >= left && x < left + size;
            int v = inside ? rgb[label][c] : 40;
            v += random.nextInt(61) - 30;
            pixels[i * 3 * h * w + (c * h + y) * w + x] = (byte) Math.max(0, Math.min(255, v));
          }
        }
      }
    }
    return ImageDataset.of(TinyNet.INPUT, pixels, labels, COLOURS.subList(0, classes));
  }

  public static DataSplit colourSplit(int train, int test, long seed) {
    return colourSplit(train, test, seed, 5);
  }

  static DataSplit colourSplit(int train, int test, long seed, int classes) {
    return new DataSplit(colours(train, seed, classes), colours(test, seed + 1, classes));
  }

  /** TinyNet's layers with no dropout in the head, so a training-mode pass is deterministic. */
  static final class PlainTiny extends ResidualNetwork {
    static final NetworkDescription DESCRIPTION = description(5);

    private PlainTiny(NetworkDescription description, LayerPlan plan, ComputationGraph graph) {
      super(description, plan, graph);
    }

    static NetworkDescription description(int classes) {
      return new NetworkDescription("PlainTiny", TinyNet.INPUT,
          new dev.resdsl.runtime.Shape(classes, 1, 1), -1, -1,
          TinyNet.ARCHITECTURE + "; no dropout; " + classes + " classes",
          TinyNet.DESCRIPTION.stages());
    }

    static PlainTiny create(long seed) {
      return create(seed, 5);
    }

    static PlainTiny create(long seed, int classes) {
      LayerPlan plan = plan(classes);
      return new PlainTiny(description(classes), plan,
          instantiate(GraphLowering.configuration(plan, seed)));
    }

    static LayerPlan plan(int classes) {
      PlanBuilder plan = PlanBuilder.start(TinyNet.INPUT,
          new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, false));
      plan.stem(4, 3, 1, Pool.MAX).endStage(new dev.resdsl.runtime.Shape(4, 5, 5));
      plan.stage("a").basic(8, 2, BlockShortcut.ZERO_PAD)
          .endStage(new dev.resdsl.runtime.Shape(8, 3, 3));
      plan.stage("b").bottleneck(4, 2, BlockShortcut.PROJECTION)
          .endStage(new dev.resdsl.runtime.Shape(16, 2, 2));
      return plan.head(Pool.AVG, 0, classes);
    }

    static PlainTiny load(Path file) throws IOException {
      return new PlainTiny(DESCRIPTION, plan(5), restore(file, DESCRIPTION));
    }
  }

  /** Records everything a training run reports. */
  static final class Recorder implements TrainingProgress {
    final List<String> notes = new ArrayList<>();
    final List<Double> stepLosses = new ArrayList<>();
    final List<EpochMetrics> epochs = new ArrayList<>();
    final List<Integer> started = new ArrayList<>();
    final List<Long> iterations = new ArrayList<>();
    final List<Integer> stepImages = new ArrayList<>();
    final List<Double> stepErrors = new ArrayList<>();
    /** For each stepDone, the step count of the epoch so far (for finding notes). */
    int steps;
    final List<Integer> noteSteps = new ArrayList<>();

    @Override
    public void epochStarted(int epoch, int epochCount, int images) {
      started.add(epoch);
    }

    @Override
    public void iterationDone(long iteration, int images, double loss, double error) {
      iterations.add(iteration);
      stepImages.add(images);
      stepErrors.add(error);
    }

    @Override
    public void stepDone(int imagesSeen, double loss, double error, double imagesPerSecond) {
      steps++;
      stepLosses.add(loss);
    }

    @Override
    public void epochDone(EpochMetrics metrics) {
      epochs.add(metrics);
    }

    @Override
    public void note(String message) {
      notes.add(message);
      noteSteps.add(steps + 1);
    }
  }
}
