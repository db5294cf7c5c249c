package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.train.TrainingFixtures.PlainTiny;
import dev.resdsl.runtime.train.TrainingFixtures.Recorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The runner's epochs, schedule, warm-up and divergence checks for a fit whose epochs are
 * measured after they are fitted, as on Spark: the fit steps a real network with Deeplearning4j
 * and reports the training errors the test scripts, so that the runner's decisions are known.
 */
class EpochRunnerTest {
  private static final int IMAGES = 48;

  /**
   * Fits each batch with {@code graph.fit}, records the epoch and the learning rate it was handed,
   * and measures epoch {@code e} as {@code losses[e]} and {@code wrong[e]} of the 48 images.
   */
  private static final class ScriptedFit implements EpochFit {
    final List<Integer> epochs = new ArrayList<>();
    final List<Double> rates = new ArrayList<>();
    private final ComputationGraph graph;
    private final double[] losses;
    private final int[] wrong;

    ScriptedFit(PlainTiny network, double[] losses, int[] wrong) {
      this.graph = network.graph();
      this.losses = losses;
      this.wrong = wrong;
    }

    @Override
    public void fit(int epoch, DataSetIterator batches, EpochRunner.Steps steps) {
      epochs.add(epoch);
      rates.add(graph.getLearningRate("output"));
      int count = 0;
      int images = 0;
      while (batches.hasNext()) {
        DataSet batch = batches.next();
        graph.fit(batch);
        count++;
        images += batch.numExamples();
      }
      assertEquals(IMAGES, images);
      steps.stepsDone(count, images);
    }

    @Override
    public Optional<ScoreSum> measure(int epoch) {
      ScoreSum sum = new ScoreSum();
      sum.add(new BatchScore(losses[epoch], wrong[epoch], IMAGES));
      return Optional.of(sum);
    }
  }

  private static TrainingData data(TrainingConfig config) {
    return TrainingData.of(TrainingFixtures.colourSplit(IMAGES, 10, 5), config, 5);
  }

  /** Learning rates, or the losses of progress lines: computed, so equal up to rounding. */
  private static void assertClose(List<Double> expected, List<Double> actual) {
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i), 1e-12, "value " + i + " of " + actual);
    }
  }

  @Test
  void everyEpochFromTheStateOnIsFittedOnceAtItsScheduledRate() throws IOException {
    TrainingConfig config = TrainingConfig.paper(5).toBuilder()
        .batchSize(16).learningRate(0.1).milestones(List.of(2, 4)).augment(false).build();
    TrainingData data = data(config);
    PlainTiny network = PlainTiny.create(5);
    double[] losses = {1.5, 1.2, 0.9, 0.7, 0.6};
    int[] wrong = {30, 20, 12, 8, 6};
    ScriptedFit first = new ScriptedFit(network, losses, wrong);
    TrainingState two = new EpochRunner(config.toBuilder().epochs(2).build(),
        TrainingProgress.SILENT).run(network, data, TrainingState.start(5, data),
        Optional.empty(), n -> first);
    assertEquals(List.of(0, 1), first.epochs);
    assertClose(List.of(0.1, 0.1), first.rates);
    assertEquals(2, two.epochsDone());
    assertEquals(6, two.iteration(), "3 steps of 16 images an epoch");

    // Resumed from the state after two epochs: the third starts, at the rate its milestone sets.
    ScriptedFit rest = new ScriptedFit(network, losses, wrong);
    Recorder recorder = new Recorder();
    TrainingState done = new EpochRunner(config, recorder)
        .run(network, data, two, Optional.empty(), n -> rest);
    assertEquals(List.of(2, 3, 4), rest.epochs);
    assertEquals(List.of(2, 3, 4), recorder.started);
    assertClose(List.of(0.01, 0.01, 0.001), rest.rates);
    assertEquals(0.001, network.graph().getLearningRate("stem_conv"), 1e-12,
        "every layer has the epoch's rate");
    assertEquals(5, done.epochsDone());
    assertEquals(15, done.iteration());
    assertEquals(List.of(1, 2, 3, 4, 5),
        done.history().stream().map(EpochMetrics::epoch).toList());
    for (int epoch = 0; epoch < 5; epoch++) {
      EpochMetrics row = done.history().get(epoch);
      assertEquals(losses[epoch], row.trainLoss(), 1e-12, "loss of epoch " + (epoch + 1));
      assertEquals(wrong[epoch] / (double) IMAGES, row.trainError(), 1e-12,
          "error of epoch " + (epoch + 1));
    }
    assertEquals(done.history().subList(2, 5), recorder.epochs);
    // One progress line an epoch, with the measured loss.
    assertClose(List.of(losses[2], losses[3], losses[4]), recorder.stepLosses);
  }

  @Test
  void aWarmupMeasuredAfterAnEpochEndsThereAndTheNextEpochRunsAtTheScheduledRate()
      throws IOException {
    TrainingConfig config = TrainingConfig.paper(4).toBuilder()
        .batchSize(16).learningRate(0.1).warmup(0.01).milestones(List.of(10)).augment(false)
        .build();
    TrainingData data = data(config);
    PlainTiny network = PlainTiny.create(6);
    // 93.75%, then 50%: below the warm-up's 80% after the second epoch.
    ScriptedFit fit = new ScriptedFit(network, new double[] {2.3, 1.4, 1.0, 0.8},
        new int[] {45, 24, 12, 6});
    Recorder recorder = new Recorder();
    TrainingState done = new EpochRunner(config, recorder)
        .run(network, data, TrainingState.start(6, data), Optional.empty(), n -> fit);
    assertEquals(List.of(0, 1, 2, 3), fit.epochs);
    assertClose(List.of(0.01, 0.01, 0.1, 0.1), fit.rates);
    assertEquals(List.of("warm-up over after epoch 2 (training error 50.0%): learning rate 0.1"),
        recorder.notes);
    assertTrue(done.warmupDone());
  }

  @Test
  void aMeasuredLossThatIsNotFiniteStopsTheRunAndTheFolderKeepsTheEpochBefore(@TempDir Path out)
      throws IOException {
    TrainingConfig config = TrainingConfig.paper(3).toBuilder()
        .batchSize(16).learningRate(0.1).milestones(List.of(10)).augment(false).build();
    TrainingData data = data(config);
    PlainTiny network = PlainTiny.create(7);
    ScriptedFit fit = new ScriptedFit(network, new double[] {1.5, Double.NaN, 1.0},
        new int[] {30, 20, 10});
    Recorder recorder = new Recorder();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new EpochRunner(config, recorder).run(network, data, TrainingState.start(7, data),
            Optional.of(out), n -> fit));
    assertEquals("the loss became NaN at epoch 2: lower the learning rate (it is 0.1) or check"
        + " the data for non-finite pixels", e.getMessage());
    assertEquals(1, recorder.epochs.size());
    assertEquals(1, TrainingCheckpoint.readState(out.resolve(TrainingCheckpoint.FILE_NAME))
        .orElseThrow().epochsDone());
    assertEquals(2, Files.readAllLines(out.resolve(Trainer.METRICS_FILE)).size());
  }
}
