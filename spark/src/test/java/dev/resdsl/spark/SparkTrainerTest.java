package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.eval.Evaluator;
import dev.resdsl.runtime.train.EpochMetrics;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a real Spark context in local mode: two workers in this JVM, no mocks. */
class SparkTrainerTest {

  /** The paper's recipe at batch 32 for {@code epochs} on synthetic images of the network. */
  private record Run(TrainingConfig config, TrainingData data) {
    static Run of(int images, int epochs, long seed) throws IOException {
      DataSplit split = DataSources.load("synthetic:" + images, SmallResNet.INPUT, seed,
          note -> { });
      TrainingConfig config =
          TrainingConfig.paper(epochs).toBuilder().batchSize(32).seed(seed).build();
      return new Run(config, TrainingData.of(split, config, 10));
    }
  }

  @Test
  void lossFallsTestAccuracyBeatsChanceAndTheFolderIsASingleMachineOne(@TempDir Path out)
      throws IOException {
    // Ten classes of synthetic shapes: chance is 90% error.
    Run run = Run.of(1200, 3, 5);
    TrainingConfig config = run.config();
    TrainingData data = run.data();
    SmallResNet network = SmallResNet.create(5);
    TrainingState state;
    try (JavaSparkContext spark = SparkContexts.open("local[2]", "SparkTrainerTest")) {
      SparkTrainer trainer = new SparkTrainer(spark, config,
          SparkTrainingConfig.defaults().withAveragingFrequency(2), TrainingProgress.SILENT);
      assertEquals(2, trainer.workers());
      state = trainer.train(network, data, TrainingState.start(5, data), Optional.of(out));
    }
    // The workers build their copies from the graph's configuration: the schedule must be there.
    var output = (BaseLayer) ((LayerVertex) network.graph().getConfiguration().getVertices()
        .get("output")).getLayerConf().getLayer();
    assertEquals(config.learningRateAt(2), output.getIUpdater().getLearningRate(0, 0), 1e-12);
    List<EpochMetrics> history = state.history();
    assertEquals(3, history.size());
    assertEquals(3, state.epochsDone());
    assertEquals(3 * (1200 / 32 + 1), state.iteration(), "38 batches an epoch, the last of 16");
    EpochMetrics first = history.get(0);
    EpochMetrics last = history.get(2);
    assertTrue(last.trainLoss() < first.trainLoss(), history.toString());
    assertTrue(last.testError() < 0.7, "chance is 0.9: " + history);
    assertTrue(history.stream().allMatch(m -> m.imagesPerSecond() > 0), history.toString());

    // The folder a single-machine run keeps, read by the same code.
    Path checkpoint = out.resolve(TrainingCheckpoint.FILE_NAME);
    TrainingState saved = TrainingCheckpoint.readState(checkpoint).orElseThrow();
    assertEquals(state.iteration(), saved.iteration());
    assertEquals(state.normalization(), saved.normalization());
    assertEquals(List.of(1, 2, 3), saved.history().stream().map(EpochMetrics::epoch).toList());
    assertEquals(last.testError(), saved.history().get(2).testError(), 1e-6);
    SmallResNet restored = SmallResNet.load(checkpoint);
    assertEquals(last.testError(), Evaluator.evaluate(restored, data.test()).top1Error(), 1e-9);
    List<String> metrics = Files.readAllLines(out.resolve(Trainer.METRICS_FILE));
    assertEquals(EpochMetrics.CSV_HEADER, metrics.get(0));
    assertEquals(4, metrics.size());
    BufferedImage plot = ImageIO.read(out.resolve(Trainer.PLOT_FILE).toFile());
    assertEquals(800, plot.getWidth());
  }

  @Test
  void aFailedSparkJobEndsInOneLineAndTheFolderKeepsTheLastCompleteEpoch(@TempDir Path out)
      throws IOException {
    Run run = Run.of(64, 2, 8);
    TrainingData data = run.data();
    try (JavaSparkContext spark = SparkContexts.open("local[2]", "SparkTrainerTest")) {
      // The context goes away as the second epoch starts, as when a cluster's master is lost.
      TrainingProgress stopAtSecondEpoch = new TrainingProgress() {
        @Override
        public void epochStarted(int epoch, int epochs, int images) {
          if (epoch == 1) {
            spark.stop();
          }
        }
      };
      SparkTrainer trainer = new SparkTrainer(spark, run.config(), SparkTrainingConfig.defaults(),
          stopAtSecondEpoch);
      SparkJobException failed = assertThrows(SparkJobException.class, () -> trainer.train(
          SmallResNet.create(8), data, TrainingState.start(8, data), Optional.of(out)));
      assertEquals("the Spark job of epoch 2 failed: Cannot call methods on a stopped"
          + " SparkContext.", failed.getMessage());
    }
    assertEquals(1, TrainingCheckpoint.readState(out.resolve(TrainingCheckpoint.FILE_NAME))
        .orElseThrow().epochsDone());
    assertEquals(2, Files.readAllLines(out.resolve(Trainer.METRICS_FILE)).size());
  }

  @Test
  void aNetworkTheEngineCannotTrainIsRefusedInOneLineNamingItsLayerBeforeAnyJob(
      @TempDir Path out) throws IOException {
    TrainingConfig config = TrainingConfig.paper(1).toBuilder().batchSize(32).seed(2).build();
    TrainingData data = TrainingData.of(DataSources.load("synthetic:64", DropoutResNet.INPUT, 2,
        note -> { }), config, 10);
    try (JavaSparkContext spark = SparkContexts.open("local[2]", "SparkTrainerTest")) {
      SparkTrainer trainer = new SparkTrainer(spark, config, SparkTrainingConfig.defaults(),
          TrainingProgress.SILENT);
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> trainer.train(DropoutResNet.create(2), data, TrainingState.start(2, data),
              Optional.of(out)));
      assertTrue(refused.getMessage().startsWith("DropoutResNet cannot be trained on Spark, whose"
          + " workers train on ResDSL's engine: "), refused.getMessage());
      assertTrue(refused.getMessage().toLowerCase(java.util.Locale.ROOT).contains("dropout"),
          refused.getMessage());
      assertEquals(1, refused.getMessage().lines().count());
      assertEquals(0, spark.sc().statusTracker().getJobIdsForGroup(null).length,
          "no Spark job ran");
    }
  }

  @Test
  void aMasterUrlSparkDoesNotKnowIsRefusedInOneLine() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> SparkContexts.open("local[two]", "x"));
    assertEquals("'local[two]' is not a Spark master URL: use local[N], spark://HOST:PORT, yarn,"
        + " k8s://URL or mesos://URL", bad.getMessage());
    for (String master : List.of("local", "local[*]", "local[4,2]", "spark://a:7077,b:7077",
        "yarn", "k8s://https://host:6443", "local-cluster[2,1,1024]")) {
      SparkContexts.requireMaster(master);
    }
  }

  @Test
  void aJvmWithoutTheFlagsIsRefusedInOneLineNamingThem() throws Exception {
    // This JVM has the flags (the pom's spark.jvm.args), so the check passes here ...
    SparkContexts.requireJvmFlags();
    // ... and a JVM started without them is refused before Spark starts, naming the first.
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), SparkFlagsProbe.class.getName())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "probe did not end");
    assertEquals(2, child.exitValue(), output);
    assertEquals(List.of("refused: Spark needs the JVM flags " + SparkContexts.JAVA_17_FLAGS
        + " on Java 17 (missing: --add-opens=java.base/java.nio=ALL-UNNAMED)"),
        output.lines().toList());
  }
}
