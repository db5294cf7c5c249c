package dev.resdsl.cli.degradation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment end to end on the real Fashion-MNIST from Debian's dataset-fashion-mnist package
 * (which .ci/run installs), cut to 512 training and 256 test images: every network trained, every
 * file written and read back.
 */
class DegradationExperimentTest {
  private static final int EPOCHS = 2;
  private static final int STEPS_PER_EPOCH = 4; // 512 images in batches of 128
  private static final int EVERY = 2;

  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir static Path out;
  private static List<NetworkResult> results;

  @BeforeAll
  static void runTheExperimentOnASliceOfFashionMnist() throws IOException {
    assertTrue(Files.isDirectory(FASHION_MNIST), "dataset-fashion-mnist is not installed at "
        + FASHION_MNIST + ": apt-get install dataset-fashion-mnist");
    Protocol protocol =
        new Protocol("fashion-mnist", EPOCHS, Schedule.CONSTANT, 7, EVERY, 512, 256,
            List.of(ExperimentNetwork.values()), 0);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    DegradationExperiment experiment = DegradationExperiment.prepare(protocol, notice -> {
      throw new AssertionError("no conversion expected for 1x28x28 networks: " + notice);
    });
    assertEquals(512, experiment.trainingImages());
    results = experiment.run(out, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void everyNetworkIsTrainedOnItsDeclaredParameters() {
    assertEquals(List.of(ExperimentNetwork.values()),
        results.stream().map(NetworkResult::network).toList());
    for (NetworkResult result : results) {
      assertEquals(result.network().model().description().trainableParameters(),
          result.parameters());
      assertEquals(EPOCHS, result.epochs().size());
      assertTrue(result.minutes() > 0 && result.imagesPerSecond() > 0, result.toString());
    }
    assertEquals(269_434, results.get(0).parameters());
    assertEquals(852_730, results.get(3).parameters());
  }

  @Test
  void plainAndResidualNetworksOfOneDepthStartFromTheSameWeights() {
    // Option A adds no parameters, so one seed gives both the same draw: the shortcuts are then
    // the only difference between the curves of one depth.
    assertEquals(ExperimentNetwork.PLAIN_20.model().create(42).graph().params(),
        ExperimentNetwork.RESNET_20.model().create(42).graph().params());
    assertEquals(ExperimentNetwork.PLAIN_56.model().create(42).graph().params(),
        ExperimentNetwork.RESNET_56.model().create(42).graph().params());
  }

  @Test
  void curvesFileHasAWindowEveryFewStepsAndATestPointEachEpoch() throws IOException {
    List<String> lines = Files.readAllLines(out.resolve(DegradationExperiment.CURVES_FILE));
    assertEquals(ResultFiles.CURVES_HEADER, lines.get(0));
    Map<String, List<String[]>> rows = lines.stream().skip(1).map(l -> l.split(","))
        .collect(Collectors.groupingBy(f -> f[0] + "/" + f[1]));
    for (ExperimentNetwork network : ExperimentNetwork.values()) {
      List<String[]> train = rows.get(network.label() + "/train");
      List<String[]> test = rows.get(network.label() + "/test");
      assertArrayEquals(new long[] {2, 4, 6, 8}, iterations(train), network.label());
      assertArrayEquals(new long[] {4, 8}, iterations(test), network.label());
      assertEquals(1.0, Double.parseDouble(test.get(0)[3]), 0, "the first epoch's end");
      for (String[] row : rows.get(network.label() + "/train")) {
        double error = Double.parseDouble(row[4]);
        assertTrue(error >= 0 && error <= 1, String.join(",", row));
      }
    }
  }

  @Test
  void summaryAndEachNetworksOwnFilesAreKept() throws IOException {
    List<String> summary = Files.readAllLines(out.resolve(DegradationExperiment.SUMMARY_FILE));
    assertEquals(ResultFiles.SUMMARY_HEADER, summary.get(0));
    assertEquals(5, summary.size());
    for (NetworkResult result : results) {
      String model = result.network().model().name();
      assertTrue(summary.stream().anyMatch(l -> l.startsWith(result.network().label() + ","
          + model + "," + result.parameters() + "," + EPOCHS + ",")), summary.toString());
      Path dir = out.resolve(model);
      // The checkpoint is the network's own architecture: load refuses any other.
      result.network().model().load(dir.resolve("checkpoint.zip"));
      assertEquals(EPOCHS + 1, Files.readAllLines(dir.resolve("metrics.csv")).size());
    }
  }

  @Test
  void figureHasAPanelForPlainNetworksAndOneForResNetsInEachNetworksColour() throws IOException {
    BufferedImage figure = ImageIO.read(out.resolve(DegradationExperiment.FIGURE_FILE).toFile());
    assertEquals(2 * 640, figure.getWidth());
    assertEquals(460, figure.getHeight());
    for (ExperimentNetwork network : ExperimentNetwork.values()) {
      int from = network.residual() ? 640 : 0;
      assertTrue(hasColor(figure, DegradationFigure.color(network), from, from + 640),
          network.label() + " in its panel");
      assertTrue(!hasColor(figure, DegradationFigure.color(network), 640 - from, 1280 - from),
          network.label() + " not in the other panel");
    }
  }

  private static long[] iterations(List<String[]> rows) {
    return rows.stream().mapToLong(r -> Long.parseLong(r[2])).toArray();
  }

  private static boolean hasColor(BufferedImage image, Color color, int fromX, int toX) {
    int rgb = color.getRGB() & 0xffffff;
    for (int x = fromX; x < toX; x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }
}
