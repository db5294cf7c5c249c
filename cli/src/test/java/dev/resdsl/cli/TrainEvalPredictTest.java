package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingState;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * train, resume, eval and predict on ResNet-20 with 64 synthetic images; one two-epoch run is
 * shared by the tests that only read it.
 */
class TrainEvalPredictTest {
  private static final String[] DATA = {"--data", "synthetic:64", "--batch", "32"};

  @TempDir
  static Path shared;

  private static Path straight;
  private static Cli straightRun;

  private static String[] train(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "ResNet20"));
    args.addAll(List.of(DATA));
    args.addAll(List.of("--out", out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @BeforeAll
  static void trainTwoEpochsInOneGo() {
    straight = shared.resolve("straight");
    straightRun = Cli.run(train(straight, "--epochs", "2", "--seed", "7"));
    assertEquals(0, straightRun.status(), straightRun.err());
  }

  @Test
  void trainWritesCheckpointMetricsAndPlot() throws IOException {
    assertTrue(straightRun.out().contains("ResNet20 after 2 epochs: test accuracy"),
        straightRun.out());
    assertTrue(straightRun.err().contains("ND4J CPU backend"), straightRun.err());
    // The progress bar and the epoch lines go to the error stream the command was given.
    assertTrue(straightRun.err().contains("epoch 2/2: train loss"), straightRun.err());
    assertTrue(straightRun.err().contains("epoch 1/2 [========================] 100%"),
        straightRun.err());
    List<String> metrics = Files.readAllLines(straight.resolve("metrics.csv"));
    assertEquals("epoch,train_loss,train_error,test_error,images_per_s", metrics.get(0));
    assertEquals(3, metrics.size(), metrics.toString());
    assertTrue(metrics.get(1).startsWith("1,") && metrics.get(2).startsWith("2,"));
    BufferedImage plot = ImageIO.read(straight.resolve("training.png").toFile());
    assertNotNull(plot);
    assertEquals(800, plot.getWidth());
    assertEquals(500, plot.getHeight());
    ResNet20 net = ResNet20.load(straight.resolve("checkpoint.zip"));
    assertTrue(BooleanIndexing.and(net.graph().params(), Conditions.isFinite()));
    TrainingState state = TrainingCheckpoint.readState(straight.resolve("checkpoint.zip"))
        .orElseThrow();
    assertEquals(2, state.epochsDone());
    assertEquals(4, state.iteration(), "2 steps of 32 an epoch");
    assertEquals(7, state.seed());
  }

  @Test
  void oneEpochThenResumeIsTheSameAsTwoInOneGo() throws IOException {
    Path resumed = shared.resolve("resumed");
    Cli first = Cli.run(train(resumed, "--epochs", "1", "--seed", "7"));
    assertEquals(0, first.status(), first.err());
    assertEquals(2, Files.readAllLines(resumed.resolve("metrics.csv")).size());
    // No --seed: the checkpoint's seed, 7, draws the data and their order.
    Cli second = Cli.run(train(resumed, "--epochs", "2", "--resume"));
    assertEquals(0, second.status(), second.err());
    assertTrue(second.err().contains("resuming ResNet20 after epoch 1, step 2"), second.err());
    assertTrue(second.err().contains("the checkpoint's seed 7"), second.err());
    ComputationGraph a = ResNet20.load(straight.resolve("checkpoint.zip")).graph();
    ComputationGraph b = ResNet20.load(resumed.resolve("checkpoint.zip")).graph();
    assertArrayEquals(a.params().toFloatVector(), b.params().toFloatVector(), 1e-6f);
    assertArrayEquals(a.getUpdater().getStateViewArray().toFloatVector(),
        b.getUpdater().getStateViewArray().toFloatVector(), 1e-6f);
    assertEquals(a.getIterationCount(), b.getIterationCount());
    TrainingState sa = TrainingCheckpoint.readState(straight.resolve("checkpoint.zip"))
        .orElseThrow();
    TrainingState sb = TrainingCheckpoint.readState(resumed.resolve("checkpoint.zip"))
        .orElseThrow();
    assertEquals(sa.iteration(), sb.iteration());
    assertEquals(sa.epochsDone(), sb.epochsDone());
    List<String> ma = Files.readAllLines(straight.resolve("metrics.csv"));
    List<String> mb = Files.readAllLines(resumed.resolve("metrics.csv"));
    assertEquals(3, mb.size(), "row 2 appended: " + mb);
    for (int i = 0; i < 3; i++) {
      assertEquals(ma.get(i).replaceAll(",[^,]*$", ""), mb.get(i).replaceAll(",[^,]*$", ""),
          "metrics.csv line " + (i + 1) + " but for images/s");
    }
    // Asking for epochs already done is refused, and leaves the run as it is.
    List<String> before = Cli.snapshot(resumed);
    Cli done = Cli.run(train(resumed, "--epochs", "2", "--resume")).isUsageError();
    assertTrue(done.err().contains("has done 2 epochs already"), done.err());
    assertEquals(before, Cli.snapshot(resumed));
  }

  @Test
  void anExistingRunIsNeitherOverwrittenNorContinuedByAnotherModel() throws IOException {
    List<String> before = Cli.snapshot(straight);
    Cli again = Cli.run(train(straight, "--epochs", "3")).isUsageError();
    assertTrue(again.err().contains("already holds a checkpoint"), again.err());
    Cli other = Cli.run("train", "ResNet32", "--data", "synthetic:64", "--epochs", "3",
        "--resume", "--out", straight.toString()).isUsageError();
    assertTrue(other.err().contains("ResNet20") && other.err().contains("ResNet32"), other.err());
    Cli eval = Cli.run("eval", "Plain20", "--checkpoint",
        straight.resolve("checkpoint.zip").toString(), "--data", "synthetic:64").isUsageError();
    assertTrue(eval.err().contains("ResNet20") && eval.err().contains("Plain20"), eval.err());
    Cli predict = Cli.run("predict", "ResNet56", "--checkpoint",
        straight.resolve("checkpoint.zip").toString(), "x.png").isUsageError();
    assertTrue(predict.err().contains("ResNet56"), predict.err());
    assertEquals(before, Cli.snapshot(straight), "files untouched");
  }

  @Test
  void evalPrintsAccuraciesAndAConfusionMatrixOfEveryTestImage() {
    Cli eval = Cli.run("eval", "ResNet20", "--checkpoint",
        straight.resolve("checkpoint.zip").toString(), "--data", "synthetic:64", "--seed", "7");
    assertEquals(0, eval.status(), eval.err());
    List<String> lines = eval.out().lines().toList();
    Matcher m = Pattern.compile("ResNet20 on synthetic:64: (\\d+) images: top-1 accuracy"
        + " ([0-9.]+)% \\(error ([0-9.]+)%\\), top-5 accuracy ([0-9.]+)%").matcher(lines.get(0));
    assertTrue(m.matches(), lines.get(0));
    assertEquals(10, Integer.parseInt(m.group(1)), "64 / 6 test images");
    double top1 = Double.parseDouble(m.group(2));
    double top5 = Double.parseDouble(m.group(4));
    assertTrue(top5 >= top1);
    assertEquals(100, top1 + Double.parseDouble(m.group(3)), 0.011);
    assertEquals("confusion matrix (rows: actual, columns: predicted)", lines.get(1));
    long total = 0;
    long diagonal = 0;
    for (int a = 0; a < 10; a++) {
      String[] cells = lines.get(3 + a).trim().split("\\s+");
      long row = 0;
      for (int p = 0; p < 10; p++) {
        long count = Long.parseLong(cells[cells.length - 10 + p]);
        row += count;
        diagonal += p == a ? count : 0;
      }
      assertEquals(1, row, "synthetic test images are balanced: one of each class, row " + a);
      total += row;
    }
    assertEquals(10, total);
    assertEquals(top1, 100.0 * diagonal / 10, 0.01);
    assertEquals(13, lines.size());
  }

  private static Path png(Path file, Color colour) throws IOException {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.DARK_GRAY);
    g.fillRect(0, 0, 40, 30);
    g.setColor(colour);
    g.fillOval(8, 4, 22, 22);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void predictNamesTheMostProbableClassesOfEachImage(@TempDir Path tmp) throws IOException {
    Path a = png(tmp.resolve("a.png"), Color.RED);
    Path b = png(tmp.resolve("b.png"), Color.BLUE);
    String checkpoint = straight.resolve("checkpoint.zip").toString();
    Cli cli = Cli.run("predict", "ResNet20", "--checkpoint", checkpoint, "--top", "3",
        a.toString(), b.toString());
    assertEquals(0, cli.status(), cli.err());
    List<String> lines = cli.out().lines().toList();
    assertEquals(2, lines.size(), cli.out());
    Pattern entry = Pattern.compile("([a-z ]+) (\\d+\\.\\d)%");
    for (int i = 0; i < 2; i++) {
      Path file = i == 0 ? a : b;
      assertTrue(lines.get(i).startsWith(file + ": "), lines.get(i));
      String[] parts = lines.get(i).substring((file + ": ").length()).split(", ");
      assertEquals(3, parts.length, lines.get(i));
      double previous = 100;
      double sum = 0;
      for (String part : parts) {
        Matcher m = entry.matcher(part);
        assertTrue(m.matches(), part);
        assertTrue(dev.resdsl.runtime.data.SyntheticImages.CLASS_NAMES.contains(m.group(1)),
            "class names come from the checkpoint: " + part);
        double percent = Double.parseDouble(m.group(2));
        assertTrue(percent <= previous, lines.get(i));
        previous = percent;
        sum += percent;
      }
      // Three rounded shares of at most 100%.
      assertTrue(sum <= 100.15, lines.get(i));
    }
    List<String> before = Cli.snapshot(straight);
    Cli missing = Cli.run("predict", "ResNet20", "--checkpoint", checkpoint, a.toString(),
        tmp.resolve("nope.png").toString()).isUsageError();
    assertTrue(missing.err().contains("nope.png"), missing.err());
    Path text = Files.writeString(tmp.resolve("notes.png"), "not an image at all");
    Cli notImage = Cli.run("predict", "ResNet20", "--checkpoint", checkpoint, text.toString())
        .isUsageError();
    assertTrue(notImage.err().contains("notes.png"), notImage.err());
    assertEquals(before, Cli.snapshot(straight));
  }

  @Test
  void resumeRefusesMomentumAndWeightDecayInOneLineAndChangesNothing() throws IOException {
    List<String> before = Cli.snapshot(straight);
    for (String[] option : new String[][] {{"--momentum", "0.5"}, {"--weight-decay", "5e-4"},
        {"--momentum", "0.9"}}) {
      Cli cli = Cli.run(train(straight, "--epochs", "3", "--resume", option[0], option[1]))
          .isUsageError();
      assertEquals("resdsl: train: " + option[0] + " cannot change a resumed run, which keeps the"
          + " momentum and weight decay its checkpoint was trained with: leave out " + option[0]
          + ", or start a new run with another --out", cli.err().strip());
    }
    assertEquals(before, Cli.snapshot(straight), "files untouched");
  }

  @Test
  void aDivergingRunExitsWith1AndKeepsTheLastCompleteEpoch(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("diverged");
    Path checkpoint = out.resolve("checkpoint.zip");
    // One sound epoch first, so that there is a last complete epoch to keep.
    Cli first = Cli.run("train", "ResNet20", "--data", "synthetic:32", "--batch", "32",
        "--epochs", "1", "--out", out.toString());
    assertEquals(0, first.status(), first.err());
    assertEquals(3, Cli.snapshot(out).size(), "checkpoint, metrics and plot");
    String epoch1 = Files.readAllLines(out.resolve("metrics.csv")).get(1);
    Cli cli = Cli.run("train", "ResNet20", "--data", "synthetic:32", "--batch", "32",
        "--epochs", "8", "--lr", "1e6", "--resume", "--out", out.toString());
    assertEquals(1, cli.status(), cli.err());
    String last = cli.err().strip().lines().reduce((x, y) -> y).orElseThrow();
    assertTrue(last.startsWith("resdsl: training stopped: "), last);
    assertTrue(last.contains("lower the learning rate"), last);
    assertTrue(last.endsWith("the checkpoint of the last complete epoch is kept"), last);
    assertFalse(cli.err().contains("\tat ") || cli.err().contains("Exception"), cli.err());
    assertEquals("", cli.out());
    Matcher at = Pattern.compile(" at epoch (\\d+), step ").matcher(last);
    assertTrue(at.find(), last);
    int diverged = Integer.parseInt(at.group(1));
    assertTrue(diverged >= 2 && diverged <= 8, last);
    // The kept checkpoint is the epoch before the one that diverged, and it loads, finite.
    ResNet20 loaded = ResNet20.load(checkpoint);
    assertTrue(BooleanIndexing.and(loaded.graph().params(), Conditions.isFinite()));
    assertEquals(diverged - 1, TrainingCheckpoint.readState(checkpoint).orElseThrow().epochsDone());
    assertEquals(diverged, Files.readAllLines(out.resolve("metrics.csv")).size(),
        "a header and a row for every complete epoch");
    assertEquals(epoch1, Files.readAllLines(out.resolve("metrics.csv")).get(1), "epoch 1's row");
  }
}
