package dev.resdsl.runtime.train;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.exec.FastPath;
import dev.resdsl.runtime.exec.FastTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a generated network with a {@link TrainingConfig}: the learning-rate schedule and
 * warm-up, the paper's training-error measurement, a test evaluation after every epoch, and,
 * given an output folder, {@code checkpoint.zip}, {@code metrics.csv} and {@code training.png}
 * replaced atomically after every epoch. {@link EpochRunner} runs the epochs; this trainer fits
 * them in this JVM and measures each step by its own forward pass.
 *
 * <p>Steps run on {@link FastTraining} (the same gradients and updates as {@code graph.fit},
 * faster) unless {@code -Dresdsl.fast=false}, {@code -Dresdsl.fast.training=false}, or the network
 * has a layer it cannot train, such as dropout; then, logged, through the graph.
 */
public final class Trainer {
  /** The metrics file in an output folder. */
  public static final String METRICS_FILE = "metrics.csv";

  /** The plot in an output folder. */
  public static final String PLOT_FILE = "training.png";

  private final TrainingConfig config;
  private final TrainingProgress progress;

  /** A trainer reporting to {@code progress}. */
  public Trainer(TrainingConfig config, TrainingProgress progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Trains {@code network} from {@code state} (a fresh {@link TrainingState#start} or one read from
   * a checkpoint of this network) until {@code config.epochs()} epochs are done.
   *
   * @param out the output folder, or empty to keep nothing
   * @return the state after the last epoch, with its history
   * @throws TrainingDivergedException if the loss stops being finite; the folder keeps the
   *     checkpoint of the last complete epoch
   */
  public TrainingState train(
      GeneratedNetwork network, TrainingData data, TrainingState state, Optional<Path> out)
      throws IOException {
    return new EpochRunner(config, progress).run(network, data, state, out,
        fitted -> new LocalFit(fitted, config.seed()));
  }

  /** An epoch's steps in this JVM, each measured by its own forward pass. */
  private static final class LocalFit implements EpochFit {
    private final ComputationGraph graph;
    private final FastTraining fast;
    private final long seed;

    LocalFit(GeneratedNetwork network, long seed) {
      this.graph = network.graph();
      this.fast = FastPath.training(network);
      this.seed = seed;
    }

    @Override
    public void fit(int epoch, DataSetIterator batches, EpochRunner.Steps steps) {
      // Dropout draws from ND4J's global generator, which no checkpoint holds: seeding it per
      // epoch makes a run resumed in another process draw the masks it would have drawn.
      Nd4j.getRandom().setSeed(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
      ErrorMeter meter = steps.meter();
      if (fast == null) {
        graph.addListeners(meter); // the fast path reports its score directly
      }
      try {
        while (batches.hasNext()) {
          DataSet batch = batches.next();
          BatchScore score;
          if (fast != null) {
            score = fast.fit(batch.getFeatures(), batch.getLabels());
          } else {
            meter.expect(batch.getLabels());
            graph.fit(batch);
            score = meter.lastScore();
          }
          steps.stepDone(batch.numExamples(), score);
        }
      } finally {
        graph.getListeners().remove(meter);
      }
      graph.incrementEpochCount();
    }
  }
}
