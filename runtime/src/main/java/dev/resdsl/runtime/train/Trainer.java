package dev.resdsl.runtime.train;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.eval.Evaluator;
import dev.resdsl.runtime.exec.FastPath;
import dev.resdsl.runtime.exec.FastTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Trains a generated network with a {@link TrainingConfig}: the learning-rate schedule and
 * warm-up, the paper's training-error measurement, a test evaluation after every epoch, and,
 * given an output folder, {@code checkpoint.zip}, {@code metrics.csv} and {@code training.png}
 * replaced atomically after every epoch.
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
    if (out.isPresent()) {
      TrainingOutputs.removeLeftovers(out.get());
    }
    ComputationGraph graph = network.graph();
    OptimizerSetup.configure(graph, config);
    ErrorMeter meter = new ErrorMeter(graph, network.plan().output().name());
    FastTraining fast = FastPath.training(network);
    if (fast == null) {
      graph.addListeners(meter); // the fast path reports its score directly
    }
    List<EpochMetrics> history = new ArrayList<>(state.history());
    long iteration = state.iteration();
    boolean warmup = config.warmingUpFrom(state);
    try {
      for (int epoch = state.epochsDone(); epoch < config.epochs(); epoch++) {
        graph.setLearningRate(config.learningRateAt(epoch, warmup));
        // Dropout draws from ND4J's global generator, which no checkpoint holds: seeding it per
        // epoch makes a run resumed in another process draw the masks it would have drawn.
        Nd4j.getRandom().setSeed(config.seed() ^ (0x9E3779B97F4A7C15L * (epoch + 1)));
        progress.epochStarted(epoch, config.epochs(), data.trainingSize());
        meter.startEpoch();
        DataSetIterator batches = data.trainingEpoch(epoch);
        long start = System.nanoTime();
        int seen = 0;
        while (batches.hasNext()) {
          DataSet batch = batches.next();
          if (fast != null) {
            meter.record(fast.fit(batch.getFeatures(), batch.getLabels()));
          } else {
            meter.expect(batch.getLabels());
            graph.fit(batch);
          }
          meter.stepDone();
          iteration++;
          seen += batch.numExamples();
          progress.iterationDone(iteration, batch.numExamples(), meter.lastLoss(),
              meter.lastError());
          if (!Double.isFinite(meter.lastLoss())) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                "the loss became %s at epoch %d, step %d: lower the learning rate (it is %s)"
                    + " or check the data for non-finite pixels",
                meter.lastLoss(), epoch + 1, iteration, graph.getLearningRate(network.plan().output().name())));
          }
          // The loss is the one before the step's update: the update itself can overflow. A
          // non-finite parameter must neither reach a checkpoint nor the next setLearningRate
          // (DL4J's updater rebuild fails on it with a NullPointerException).
          if (!BooleanIndexing.and(graph.params(), Conditions.isFinite())) {
            throw new TrainingDivergedException(String.format(Locale.ROOT,
                "the parameters stopped being finite at epoch %d, step %d (loss %s): lower the"
                    + " learning rate (it is %s)",
                epoch + 1, iteration, meter.lastLoss(), graph.getLearningRate(network.plan().output().name())));
          }
          if (warmup && config.warmupOverAt(meter.recentError())) {
            warmup = false;
            graph.setLearningRate(config.learningRateAt(epoch));
            progress.note(String.format(Locale.ROOT,
                "warm-up over at step %d (training error %.1f%%): learning rate %s",
                iteration, 100 * meter.recentError(), config.learningRateAt(epoch)));
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          progress.stepDone(seen, meter.epochLoss(), meter.epochError(), seen / seconds);
        }
        double imagesPerSecond = seen / ((System.nanoTime() - start) / 1e9);
        Evaluation test = Evaluator.evaluate(network, data.test());
        EpochMetrics metrics = new EpochMetrics(epoch + 1, meter.epochLoss(), meter.epochError(),
            test.top1Error(), imagesPerSecond);
        history.add(metrics);
        graph.incrementEpochCount();
        state = state.next(iteration, !warmup, history);
        if (out.isPresent()) {
          TrainingOutputs.keep(network, state, out.get());
        }
        progress.epochDone(metrics);
      }
    } finally {
      graph.getListeners().remove(meter);
    }
    return state;
  }
}
