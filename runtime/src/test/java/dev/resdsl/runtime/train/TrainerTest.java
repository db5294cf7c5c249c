package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.train.TrainingFixtures.PlainTiny;
import dev.resdsl.runtime.train.TrainingFixtures.Recorder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/** Training with real ND4J computation on tiny networks and data. */
class TrainerTest {

  /** Records, for every step, DL4J's score and the learning rate the step ran at. */
  private static final class StepLog extends BaseTrainingListener {
    final List<Double> scores = new ArrayList<>();
    final List<Double> rates = new ArrayList<>();
    private final ComputationGraph graph;

    StepLog(ComputationGraph graph) {
      this.graph = graph;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      rates.add(graph.getLearningRate("output"));
      scores.add(model.score());
    }
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  @Test
  void lossFallsAndTestAccuracyBeatsChance() throws IOException {
    // Five classes of coloured squares (chance: 80% error), TinyNet with its dropout.
    DataSplit split = TrainingFixtures.colourSplit(480, 200, 11);
    TrainingConfig config = TrainingConfig.paper(3).toBuilder().batchSize(32).seed(11).build();
    TinyNet network = TinyNet.create(11);
    StepLog log = new StepLog(network.graph());
    network.graph().addListeners(log);
    Recorder recorder = new Recorder();
    TrainingData data = TrainingData.of(split, config, 5);
    TrainingState state = new Trainer(config, recorder).train(network, data,
        TrainingState.start(11, data), Optional.empty());
    assertEquals(3, state.epochsDone());
    assertEquals(3L * 15, state.iteration(), "15 steps of 32 images an epoch");
    assertEquals(List.of(0, 1, 2), recorder.started);
    assertEquals(3, recorder.epochs.size());
    double first = mean(log.scores.subList(0, 5));
    double last = mean(log.scores.subList(log.scores.size() - 5, log.scores.size()));
    assertTrue(last < 0.8 * first, "loss fell from " + first + " to " + last);
    EpochMetrics end = recorder.epochs.get(2);
    assertTrue(end.trainLoss() < recorder.epochs.get(0).trainLoss(), recorder.epochs.toString());
    assertTrue(end.trainError() < recorder.epochs.get(0).trainError(), recorder.epochs.toString());
    assertTrue(end.testError() < 0.6, "test error " + end.testError() + " (chance 0.8)");
    assertEquals(state.history(), recorder.epochs);
    // Each step is reported on its own, counted across epochs, and its batch's error averages to
    // the epoch's.
    assertEquals(LongStream.rangeClosed(1, 45).boxed().toList(), recorder.iterations);
    assertTrue(recorder.stepImages.stream().allMatch(n -> n == 32), recorder.stepImages.toString());
    for (int epoch = 0; epoch < 3; epoch++) {
      double stepMean = mean(recorder.stepErrors.subList(15 * epoch, 15 * (epoch + 1)));
      assertEquals(recorder.epochs.get(epoch).trainError(), stepMean, 1e-9, "epoch " + epoch);
    }
  }

  @Test
  void optimizerIsNesterovMomentumWithL2DecayAndTheRateFallsAtTheMilestone() throws IOException {
    TrainingConfig config = TrainingConfig.paper(2).toBuilder()
        .batchSize(16).learningRate(0.2).momentum(0.8).weightDecay(3e-4).build();
    assertEquals(List.of(1), config.effectiveMilestones());
    PlainTiny network = PlainTiny.create(1);
    ComputationGraph graph = network.graph();
    StepLog log = new StepLog(graph);
    graph.addListeners(log);
    DataSplit split = TrainingFixtures.colourSplit(64, 16, 1);
    new Trainer(config, TrainingProgress.SILENT).train(network, TrainingData.of(split, config, 5),
        TrainingState.start(1, TrainingData.of(split, config, 5)), Optional.empty());
    int layers = 0;
    for (var vertex : graph.getConfiguration().getVertices().values()) {
      if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer b) {
        layers++;
        Nesterovs nesterovs = assertInstanceOf(Nesterovs.class, b.getIUpdater(), b.getLayerName());
        assertEquals(0.8, nesterovs.getMomentum());
        assertEquals(1, b.getRegularization().size());
        L2Regularization l2 = assertInstanceOf(L2Regularization.class,
            b.getRegularization().get(0));
        assertEquals(3e-4, l2.getL2().valueAt(0, 0));
      }
    }
    assertTrue(layers >= 10, layers + " layers");
    for (var layer : graph.getLayers()) {
      if (layer.conf().getLayer() instanceof BaseLayer b) {
        assertInstanceOf(Nesterovs.class, b.getIUpdater(), b.getLayerName());
      }
    }
    // 4 steps at the base rate, then 4 at a tenth of it.
    assertEquals(8, log.rates.size());
    for (int step = 0; step < 8; step++) {
      assertEquals(step < 4 ? 0.2 : 0.02, log.rates.get(step), 1e-9, "step " + step);
    }
    assertEquals(0.02, graph.getLearningRate("output"), 1e-9);
    assertEquals(0.02, graph.getLearningRate("stem_conv"), 1e-9);
  }

  @Test
  void noMomentumIsPlainSgdAndNoDecayIsNoRegularisation() {
    PlainTiny network = PlainTiny.create(1);
    OptimizerSetup.configure(network.graph(), TrainingConfig.paper(2).toBuilder()
        .momentum(0).weightDecay(0).learningRate(0.3).build());
    BaseLayer output = (BaseLayer) network.graph().getLayer("output").conf().getLayer();
    Sgd sgd = assertInstanceOf(Sgd.class, output.getIUpdater());
    assertEquals(0.3, sgd.getLearningRate());
    assertTrue(output.getRegularization().isEmpty());
  }

  @Test
  void warmupRunsAtItsRateUntilTrainingErrorIsBelow80Percent() throws IOException {
    // Ten classes, so that an untrained network's error is about 90%.
    TrainingConfig config = TrainingConfig.paper(2).toBuilder()
        .batchSize(32).learningRate(0.1).warmup(0.01).milestones(List.of(5)).augment(false)
        .seed(2).build();
    DataSplit split = TrainingFixtures.colourSplit(640, 40, 2, 10);
    PlainTiny network = PlainTiny.create(2, 10);
    StepLog log = new StepLog(network.graph());
    network.graph().addListeners(log);
    Recorder recorder = new Recorder();
    TrainingData data = TrainingData.of(split, config, 10);
    TrainingState state = new Trainer(config, recorder).train(network, data,
        TrainingState.start(2, data), Optional.empty());
    assertEquals(1, recorder.notes.size(), recorder.notes.toString());
    String note = recorder.notes.get(0);
    assertTrue(note.startsWith("warm-up over at step "), note);
    int switchStep = Integer.parseInt(note.replaceAll("warm-up over at step (\\d+) .*", "$1"));
    assertTrue(switchStep > 1, "the warm-up lasted some steps: " + note);
    assertTrue(note.contains("learning rate 0.1"), note);
    double error = Double.parseDouble(note.replaceAll(".*training error ([0-9.]+)%.*", "$1"));
    assertTrue(error < 80, note);
    for (int step = 0; step < log.rates.size(); step++) {
      // Step numbers in the note count from 1; the switch applies from the step after it.
      assertEquals(step < switchStep ? 0.01 : 0.1, log.rates.get(step), 1e-9, "step " + step);
    }
    assertTrue(state.warmupDone());
  }

  @Test
  void outputFolderKeepsCheckpointMetricsAndPlotAfterEveryEpoch(@TempDir Path dir)
      throws IOException {
    TrainingConfig config = TrainingConfig.paper(2).toBuilder().batchSize(32).build();
    DataSplit split = TrainingFixtures.colourSplit(96, 20, 3);
    TrainingData data = TrainingData.of(split, config, 5);
    TinyNet network = TinyNet.create(3);
    List<String> seenAfterEpoch = new ArrayList<>();
    TrainingProgress progress = new TrainingProgress() {
      @Override
      public void epochDone(EpochMetrics metrics) {
        try {
          seenAfterEpoch.add(metrics.epoch() + ":" + TrainingCheckpoint.readState(
              dir.resolve("checkpoint.zip")).orElseThrow().epochsDone() + ":"
              + Files.readAllLines(dir.resolve("metrics.csv")).size());
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
    };
    TrainingState state = new Trainer(config, progress).train(network, data,
        TrainingState.start(config.seed(), data), Optional.of(dir));
    assertEquals(List.of("1:1:2", "2:2:3"), seenAfterEpoch,
        "epoch:checkpoint epochs:metrics lines, written before the epoch is reported");
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    assertEquals("epoch,train_loss,train_error,test_error,images_per_s", lines.get(0));
    assertEquals(3, lines.size());
    for (int i = 1; i <= 2; i++) {
      String[] f = lines.get(i).split(",");
      assertEquals(5, f.length, lines.get(i));
      assertEquals(Integer.toString(i), f[0]);
      assertTrue(Double.parseDouble(f[1]) > 0);
      double trainError = Double.parseDouble(f[2]);
      double testError = Double.parseDouble(f[3]);
      assertTrue(trainError >= 0 && trainError <= 1 && testError >= 0 && testError <= 1);
      assertTrue(Double.parseDouble(f[4]) > 0);
      assertEquals(state.history().get(i - 1).toCsv(), lines.get(i));
    }
    BufferedImage plot = ImageIO.read(dir.resolve("training.png").toFile());
    assertTrue(plot != null, "training.png is a PNG");
    assertEquals(800, plot.getWidth());
    assertEquals(500, plot.getHeight());
    TinyNet loaded = TinyNet.load(dir.resolve("checkpoint.zip"));
    assertEquals(network.graph().params(), loaded.graph().params());
    TrainingState saved = TrainingCheckpoint.readState(dir.resolve("checkpoint.zip"),
        dir.resolve("metrics.csv")).orElseThrow();
    assertEquals(state.epochsDone(), saved.epochsDone());
    assertEquals(state.iteration(), saved.iteration());
    assertEquals(state.seed(), saved.seed());
    assertEquals(state.normalization(), saved.normalization());
    assertEquals(TrainingFixtures.COLOURS.subList(0, 5), saved.classNames());
    assertEquals(state.history().stream().map(EpochMetrics::toCsv).toList(),
        saved.history().stream().map(EpochMetrics::toCsv).toList());
    assertEquals(List.of(), Files.list(dir).map(p -> p.getFileName().toString())
        .filter(n -> n.endsWith(".tmp")).toList(), "no temporary files left");
  }

  /** Trains PlainTiny (no dropout) for 2 epochs, in one go or as 1 + a resumed 1. */
  private static TrainingState run(Path dir, int epochs, boolean resume) throws IOException {
    TrainingConfig config = TrainingConfig.paper(epochs).toBuilder()
        .batchSize(16).milestones(List.of(1)).seed(8).build();
    DataSplit split = TrainingFixtures.colourSplit(80, 20, 8);
    TrainingData data = TrainingData.of(split, config, 5);
    Path checkpoint = dir.resolve(TrainingCheckpoint.FILE_NAME);
    PlainTiny network = resume ? PlainTiny.load(checkpoint) : PlainTiny.create(8);
    TrainingState state = resume
        ? TrainingCheckpoint.readState(checkpoint, dir.resolve(Trainer.METRICS_FILE)).orElseThrow()
        : TrainingState.start(8, data);
    return new Trainer(config, TrainingProgress.SILENT).train(network, data, state,
        Optional.of(dir));
  }

  @Test
  void resumingContinuesExactlyWhereTheCheckpointStopped(@TempDir Path tmp) throws IOException {
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    TrainingState a = run(straight, 2, false);
    TrainingState half = run(resumed, 1, false);
    assertEquals(1, half.epochsDone());
    TrainingState b = run(resumed, 2, true);
    assertEquals(2, b.epochsDone());
    assertEquals(a.iteration(), b.iteration());
    assertEquals(10, b.iteration());
    ComputationGraph ga = PlainTiny.load(straight.resolve("checkpoint.zip")).graph();
    ComputationGraph gb = PlainTiny.load(resumed.resolve("checkpoint.zip")).graph();
    assertArrayEquals(ga.params().toFloatVector(), gb.params().toFloatVector(), 1e-6f,
        "the same parameters");
    assertArrayEquals(ga.getUpdater().getStateViewArray().toFloatVector(),
        gb.getUpdater().getStateViewArray().toFloatVector(), 1e-6f, "the same momentum");
    assertEquals(ga.getIterationCount(), gb.getIterationCount());
    assertEquals(ga.getEpochCount(), gb.getEpochCount());
    List<String> metricsA = Files.readAllLines(straight.resolve("metrics.csv"));
    List<String> metricsB = Files.readAllLines(resumed.resolve("metrics.csv"));
    assertEquals(3, metricsB.size(), "the resumed run continued metrics.csv with row 2");
    for (int i = 0; i < 3; i++) {
      // All but images/s, which is a measurement of time.
      assertEquals(metricsA.get(i).replaceAll(",[^,]*$", ""),
          metricsB.get(i).replaceAll(",[^,]*$", ""), "metrics.csv line " + (i + 1));
    }
  }

  @Test
  void resumingWithDropoutInAnotherProcessDrawsTheSameMasks(@TempDir Path tmp)
      throws IOException {
    // TinyNet has dropout, drawn from ND4J's global generator. A new process starts that
    // generator elsewhere: here it is moved on by hand before resuming.
    TrainingConfig two = TrainingConfig.paper(2).toBuilder().batchSize(16).seed(9).build();
    TrainingConfig one = two.toBuilder().epochs(1).build();
    DataSplit split = TrainingFixtures.colourSplit(80, 20, 9);
    Path straight = tmp.resolve("straight");
    Path resumed = tmp.resolve("resumed");
    TrainingData data = TrainingData.of(split, two, 5);
    new Trainer(two, TrainingProgress.SILENT).train(TinyNet.create(9), data,
        TrainingState.start(9, data), Optional.of(straight));
    new Trainer(one, TrainingProgress.SILENT).train(TinyNet.create(9), data,
        TrainingState.start(9, data), Optional.of(resumed));
    Path checkpoint = resumed.resolve("checkpoint.zip");
    TinyNet loaded = TinyNet.load(checkpoint);
    org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(12345);
    new Trainer(two, TrainingProgress.SILENT).train(loaded, data,
        TrainingCheckpoint.readState(checkpoint).orElseThrow(), Optional.of(resumed));
    assertArrayEquals(TinyNet.load(straight.resolve("checkpoint.zip")).graph().params()
        .toFloatVector(), TinyNet.load(checkpoint).graph().params().toFloatVector(), 1e-6f);
  }

  @Test
  void resumingAfterALostMetricsFileKeepsTheHistoryOfTheCheckpoint(@TempDir Path dir)
      throws IOException {
    // A kill between writing the checkpoint and metrics.csv leaves the file an epoch behind.
    run(dir, 1, false);
    Files.writeString(dir.resolve("metrics.csv"), EpochMetrics.CSV_HEADER + "\n");
    TrainingState state = run(dir, 2, true);
    assertEquals(2, state.history().size(), state.history().toString());
    List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(3, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(1).startsWith("1,") && lines.get(2).startsWith("2,"), lines.toString());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e8, 1e4})
  void aDivergingRunStopsAndKeepsTheLastCompleteEpochFinite(double learningRate, @TempDir Path dir)
      throws IOException {
    // One step an epoch: the first epoch completes at the initial parameters' loss. At 1e8 the
    // loss turns NaN within a few steps; at 1e4 it grows for epochs (finite, 1e18 and more)
    // until the parameters overflow, which once left NaN in the checkpoint and then made
    // DL4J's setLearningRate throw a NullPointerException.
    TrainingConfig config = TrainingConfig.paper(60).toBuilder()
        .batchSize(32).learningRate(learningRate).milestones(List.of(100)).build();
    DataSplit split = TrainingFixtures.colourSplit(32, 10, 4);
    TrainingData data = TrainingData.of(split, config, 5);
    TinyNet network = TinyNet.create(4);
    Recorder recorder = new Recorder();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(config, recorder).train(network, data,
            TrainingState.start(4, data), Optional.of(dir)));
    assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    int complete = recorder.epochs.size();
    assertTrue(complete >= 1 && complete < 60, complete + " epochs completed");
    if (learningRate == 1e4) {
      assertTrue(e.getMessage().startsWith("the parameters stopped being finite"), e.getMessage());
    }
    Path checkpoint = dir.resolve("checkpoint.zip");
    TinyNet kept = TinyNet.load(checkpoint);
    assertEquals(complete, TrainingCheckpoint.readState(checkpoint).orElseThrow().epochsDone());
    assertTrue(BooleanIndexing.and(kept.graph().params(), Conditions.isFinite()),
        "the kept checkpoint has finite parameters");
    assertEquals(complete + 1, Files.readAllLines(dir.resolve("metrics.csv")).size());
  }
}
