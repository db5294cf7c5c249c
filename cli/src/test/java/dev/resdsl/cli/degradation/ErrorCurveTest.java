package dev.resdsl.cli.degradation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resdsl.runtime.train.EpochMetrics;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The windows of the training-error curve, the test points, and the schedules. */
class ErrorCurveTest {
  @Test
  void trainingErrorIsAveragedOverEachFullWindowByImages() {
    List<String> shown = new ArrayList<>();
    TrainingProgress display = new TrainingProgress() {
      @Override
      public void iterationDone(long iteration, int images, double loss, double error) {
        shown.add("step " + iteration);
      }

      @Override
      public void epochDone(EpochMetrics metrics) {
        shown.add("epoch " + metrics.epoch());
      }
    };
    // Two epochs of 4 steps (3 full batches of 10 images and one of 5), windows of 3 steps.
    ErrorCurve curve = new ErrorCurve(3, 4, display);
    int[] images = {10, 10, 10, 5, 10, 10, 10, 5};
    int[] wrong = {9, 8, 7, 5, 4, 3, 2, 0};
    for (int epoch = 0; epoch < 2; epoch++) {
      curve.epochStarted(epoch, 2, 35);
      for (int i = 4 * epoch; i < 4 * epoch + 4; i++) {
        curve.iterationDone(i + 1, images[i], 1.0, (double) wrong[i] / images[i]);
      }
      curve.epochDone(new EpochMetrics(epoch + 1, 1, 0.5, epoch == 0 ? 0.25 : 0.125, 100));
    }
    List<CurvePoint> training = curve.training();
    assertEquals(2, training.size(), "steps 7 and 8 make no full window");
    assertEquals(new CurvePoint(3, 0.75, 24 / 30.0), training.get(0));
    assertEquals(new CurvePoint(6, 1.5, 12 / 25.0), training.get(1));
    assertEquals(List.of(new CurvePoint(4, 1, 0.25), new CurvePoint(8, 2, 0.125)), curve.test());
    assertEquals(2, curve.epochs().size());
    assertEquals(List.of("step 1", "step 2", "step 3", "step 4", "epoch 1", "step 5", "step 6",
        "step 7", "step 8", "epoch 2"), shown, "every report reaches the display");
  }

  @Test
  void protocolTrainsEachNamedNetworkOnceInTheFiguresOrder() {
    Protocol protocol = new Protocol("fashion-mnist", 1, Schedule.CONSTANT, 1, 100, 0, 0,
        List.of(ExperimentNetwork.RESNET_56, ExperimentNetwork.PLAIN_20,
            ExperimentNetwork.RESNET_56), 0.01);
    assertEquals(List.of(ExperimentNetwork.PLAIN_20, ExperimentNetwork.RESNET_56),
        protocol.networks());
    assertEquals(0.01, protocol.config().warmupLearningRate(), 0);
    assertEquals(ExperimentNetwork.RESNET_56, ExperimentNetwork.byLabel(" resnet-56").orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> new Protocol("fashion-mnist", 1,
        Schedule.CONSTANT, 1, 100, 0, 0, List.of(), 0));
  }

  @Test
  void aWindowIsAtLeastOneStep() {
    assertThrows(IllegalArgumentException.class,
        () -> new ErrorCurve(0, 10, TrainingProgress.SILENT));
  }

  @Test
  void theConstantScheduleKeepsTheRateAndTheStepsOneDividesItAtHalfAndThreeQuarters() {
    TrainingConfig constant = new Protocol("fashion-mnist", 30, Schedule.CONSTANT, 1, 100, 0, 0,
        List.of(ExperimentNetwork.values()), 0).config();
    TrainingConfig steps = new Protocol("fashion-mnist", 30, Schedule.STEPS, 1, 100, 0, 0,
        List.of(ExperimentNetwork.values()), 0).config();
    for (int epoch = 0; epoch < 30; epoch++) {
      assertEquals(0.1, constant.learningRateAt(epoch), 1e-12, "constant, epoch " + epoch);
      double expected = epoch < 15 ? 0.1 : epoch < 22 ? 0.01 : 0.001;
      assertEquals(expected, steps.learningRateAt(epoch), 1e-12, "steps, epoch " + epoch);
    }
    // The rest is the paper's recipe, for both.
    for (TrainingConfig config : List.of(constant, steps)) {
      assertEquals(128, config.batchSize());
      assertEquals(0.9, config.momentum(), 0);
      assertEquals(1e-4, config.weightDecay(), 0);
      assertEquals(true, config.augment());
      assertEquals(0, config.warmupLearningRate(), 0);
      assertEquals(1, config.seed());
    }
  }
}
