package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.SyntheticImages;
import dev.resdsl.runtime.exec.FastPath;
import dev.resdsl.runtime.train.TrainingFixtures.PlainTiny;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Trainer on the fast path and wholly on Deeplearning4j's layers (training and evaluation), from
 * the same weights and batches of the built-in synthetic data: the same training and test error,
 * epoch by epoch.
 */
class FastPathTrendTest {
  /**
   * The curve of a run on the fast path, or with {@code fast} false wholly on Deeplearning4j's
   * layers: training and the test evaluation both ({@code -Dresdsl.fast=false}).
   */
  private static List<EpochMetrics> train(boolean fast) throws Exception {
    String before = System.getProperty(FastPath.PROPERTY);
    System.setProperty(FastPath.PROPERTY, Boolean.toString(fast));
    try {
      assertEquals(fast, FastPath.enabled());
      assertEquals(fast, FastPath.trainingEnabled());
      TrainingConfig config = TrainingConfig.paper(3).toBuilder().batchSize(32).build();
      DataSplit split = new SyntheticImages(TrainingFixtures.PlainTiny.DESCRIPTION.input(), 5)
          .split(960, 4);
      TrainingData data = TrainingData.of(split, config, 5);
      PlainTiny network = PlainTiny.create(4);
      return new Trainer(config, TrainingProgress.SILENT)
          .train(network, data, TrainingState.start(4, data), Optional.empty())
          .history();
    } finally {
      if (before == null) {
        System.clearProperty(FastPath.PROPERTY);
      } else {
        System.setProperty(FastPath.PROPERTY, before);
      }
    }
  }

  @Test
  void fastAndGraphPathsFollowTheSameCurve() throws Exception {
    List<EpochMetrics> fast = train(true);
    List<EpochMetrics> graph = train(false);
    assertEquals(3, fast.size());
    for (int i = 0; i < fast.size(); i++) {
      EpochMetrics f = fast.get(i);
      EpochMetrics g = graph.get(i);
      assertEquals(g.trainLoss(), f.trainLoss(), 0.02 + 0.02 * g.trainLoss(), "loss " + i);
      assertEquals(g.trainError(), f.trainError(), 0.03, "training error, epoch " + (i + 1));
      assertEquals(g.testError(), f.testError(), 0.05, "test error, epoch " + (i + 1));
    }
    assertTrue(fast.get(2).trainError() < fast.get(0).trainError() - 0.1,
        "the error falls: " + fast);
    assertTrue(fast.get(2).testError() < 0.5, "better than chance (0.8): " + fast);
  }
}
