package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's recipe is the default, and every value of it can be changed. */
class TrainingConfigTest {

  @Test
  void paperIsTheRecipeOfSection4_2() {
    TrainingConfig c = TrainingConfig.paper(160);
    assertEquals(160, c.epochs());
    assertEquals(128, c.batchSize());
    assertEquals(0.1, c.learningRate());
    assertEquals(0.9, c.momentum());
    assertEquals(1e-4, c.weightDecay());
    assertEquals(0.1, c.decayFactor());
    assertEquals(0, c.warmupLearningRate());
    assertEquals(0.8, c.warmupUntilError());
    assertTrue(c.augment());
    assertEquals(List.of(), c.milestones());
    // 32k and 48k of 64k iterations: half and three quarters of the run.
    assertEquals(List.of(80, 120), c.effectiveMilestones());
  }

  @Test
  void learningRateIsDividedBy10AtEachMilestone() {
    TrainingConfig c = TrainingConfig.paper(8);
    assertEquals(List.of(4, 6), c.effectiveMilestones());
    double[] expected = {0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001};
    for (int epoch = 0; epoch < 8; epoch++) {
      assertEquals(expected[epoch], c.learningRateAt(epoch), 1e-12, "epoch " + epoch);
    }
    assertEquals(List.of(), TrainingConfig.paper(1).effectiveMilestones());
    assertEquals(0.1, TrainingConfig.paper(1).learningRateAt(0));
    assertEquals(List.of(1), TrainingConfig.paper(2).effectiveMilestones());
    assertEquals(List.of(1, 2), TrainingConfig.paper(3).effectiveMilestones());
  }

  @Test
  void builderChangesEachValueAndKeepsTheRest() {
    TrainingConfig c = TrainingConfig.paper(10).toBuilder()
        .epochs(12).batchSize(64).learningRate(0.05).momentum(0.5).weightDecay(5e-4)
        .milestones(List.of(3, 9)).decayFactor(0.2).warmup(0.01).augment(false).seed(7)
        .build();
    assertEquals(12, c.epochs());
    assertEquals(64, c.batchSize());
    assertEquals(0.05, c.learningRate());
    assertEquals(0.5, c.momentum());
    assertEquals(5e-4, c.weightDecay());
    assertEquals(List.of(3, 9), c.effectiveMilestones());
    assertEquals(0.2, c.decayFactor());
    assertEquals(0.01, c.warmupLearningRate());
    assertEquals(0.8, c.warmupUntilError(), "not changed");
    assertFalse(c.augment());
    assertEquals(7, c.seed());
    assertEquals(0.05 * 0.2, c.learningRateAt(3), 1e-12);
    assertEquals(0.05 * 0.2 * 0.2, c.learningRateAt(11), 1e-12);
    TrainingConfig untouched = TrainingConfig.paper(10).toBuilder().build();
    assertEquals(TrainingConfig.paper(10), untouched);
  }

  @Test
  void badValuesAreRefusedNamingTheValue() {
    TrainingConfig.Builder b = TrainingConfig.paper(10).toBuilder();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> b.epochs(0).build())
        .getMessage().contains("epochs"));
    TrainingConfig.Builder c = TrainingConfig.paper(10).toBuilder();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.learningRate(-1).build())
        .getMessage().contains("learning rate"));
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().learningRate(Double.NaN).build());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().momentum(1).build());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().weightDecay(-1e-4).build());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().batchSize(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().milestones(List.of(-1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().decayFactor(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> TrainingConfig.paper(10).toBuilder().warmup(-0.01).build());
  }
}
