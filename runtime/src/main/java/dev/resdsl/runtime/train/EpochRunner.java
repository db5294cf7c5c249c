package dev.resdsl.runtime.train;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.exec.BatchScore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Runs a training run's epochs, for every way of fitting them ({@link EpochFit}): the one place
 * that advances epochs, sets each epoch's learning rate and ends the warm-up by {@link
 * TrainingConfig}'s rules, measures the training loss and error with one {@link ErrorMeter},
 * stops a diverging run, evaluates the test images, keeps the output folder ({@link
 * TrainingOutputs}) and reports progress.
 */
public final class EpochRunner {
  private final TrainingConfig config;
  private final TrainingProgress progress;

  /** A runner of {@code config}'s epochs, reporting to {@code progress}. */
  public EpochRunner(TrainingConfig config, TrainingProgress progress) {
    this.config = config;
    this.progress = progress;
  }

  /**
   * Trains {@code network} from {@code state} (a fresh {@link TrainingState#start} or one read from
   * a checkpoint of this network) until {@code config.epochs()} epochs are done.
   *
   * @param out the output folder, or empty to keep nothing
   * @param fitting makes the fit of the network's epochs, once its optimiser is set up
   * @return the state after the last epoch, with its history
   * @throws TrainingDivergedException if the loss or the parameters stop being finite; the folder
   *     keeps the checkpoint of the last complete epoch
   */
  public TrainingState run(GeneratedNetwork network, TrainingData data, TrainingState state,
      Optional<Path> out, Function<GeneratedNetwork, EpochFit> fitting) throws IOException {
    if (out.isPresent()) {
      TrainingOutputs.removeLeftovers(out.get());
    }
    // Before the fit exists: a fit may build the updater, and a graph with one keeps its optimiser.
    OptimizerSetup.configure(network.graph(), config);
    EpochFit fit = fitting.apply(network);
    Steps steps = new Steps(network.graph(), network.plan().output().name(), state);
    List<EpochMetrics> history = new ArrayList<>(state.history());
    for (int epoch = state.epochsDone(); epoch < config.epochs(); epoch++) {
      steps.startEpoch(epoch, data.trainingSize());
      fit.fit(epoch, data, steps);
      double seconds = steps.seconds();
      Optional<ScoreSum> measured = fit.measure(epoch);
      if (measured.isPresent()) {
        steps.epochMeasured(measured.get(), seconds);
      }
      Evaluation test = fit.test(network, data);
      EpochMetrics metrics = new EpochMetrics(epoch + 1, steps.meter.epochLoss(),
          steps.meter.epochError(), test.top1Error(), steps.seen / seconds);
      history.add(metrics);
      state = state.next(steps.iteration, !steps.warmup, history);
      if (out.isPresent()) {
        TrainingOutputs.keep(network, state, out.get());
      }
      progress.epochDone(metrics);
    }
    return state;
  }

  /**
   * What an {@link EpochFit} tells the runner of an epoch's steps, and where the runner follows a
   * run from step to step: the step count, the warm-up, the learning rate in force.
   */
  public final class Steps {
    private final ComputationGraph graph;
    private final ErrorMeter meter;
    private long iteration;
    private boolean warmup;
    private double rate;
    private int epoch;
    private int seen;
    private long start;

    private Steps(ComputationGraph graph, String outputLayer, TrainingState state) {
      this.graph = graph;
      this.meter = new ErrorMeter(graph, outputLayer);
      this.iteration = state.iteration();
      this.warmup = config.warmingUpFrom(state);
    }

    private void startEpoch(int epoch, int images) {
      this.epoch = epoch;
      rate = config.learningRateAt(epoch, warmup);
      // Spark's workers build their copies from the graph's configuration, which this changes too.
      graph.setLearningRate(rate);
      progress.epochStarted(epoch, config.epochs(), images);
      meter.startEpoch();
      seen = 0;
      start = System.nanoTime();
    }

    private double seconds() {
      return (System.nanoTime() - start) / 1e9;
    }

    /** The meter a fit on this machine listens to its graph with, for a step's own score. */
    ErrorMeter meter() {
      return meter;
    }

    /**
     * A step is fitted; {@code score} is its batch's, measured by the step's own forward pass,
     * before its update.
     *
     * @throws TrainingDivergedException if the loss or the parameters stopped being finite
     */
    public void stepDone(int images, BatchScore score) {
      meter.record(score);
      meter.stepDone();
      iteration++;
      seen += images;
      progress.iterationDone(iteration, images, meter.lastLoss(), meter.lastError());
      requireFinite(meter.lastLoss(),
          String.format(Locale.ROOT, "epoch %d, step %d", epoch + 1, iteration));
      if (warmup && config.warmupOverAt(meter.recentError())) {
        warmup = false;
        rate = config.learningRateAt(epoch);
        graph.setLearningRate(rate);
        progress.note(String.format(Locale.ROOT,
            "warm-up over at step %d (training error %.1f%%): learning rate %s",
            iteration, 100 * meter.recentError(), rate));
      }
      progress.stepDone(seen, meter.epochLoss(), meter.epochError(), seen / seconds());
    }

    /**
     * {@code steps} steps of {@code images} images in all are fitted where their scores are not
     * to be had; {@link EpochFit#measure} measures their epoch afterwards.
     */
    public void stepsDone(int steps, int images) {
      iteration += steps;
      seen += images;
    }

    /** A warm-up measured after the epoch ends with it; the next epoch starts at its rate. */
    private void epochMeasured(ScoreSum score, double seconds) {
      meter.epochMeasured(score);
      progress.stepDone(seen, score.loss(), score.error(), seen / seconds);
      requireFinite(score.loss(), String.format(Locale.ROOT, "epoch %d", epoch + 1));
      if (warmup && config.warmupOverAt(score.error())) {
        warmup = false;
        progress.note(String.format(Locale.ROOT,
            "warm-up over after epoch %d (training error %.1f%%): learning rate %s", epoch + 1,
            100 * score.error(), config.learningRateAt(epoch + 1)));
      }
    }

    private void requireFinite(double loss, String where) {
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(String.format(Locale.ROOT,
            "the loss became %s at %s: lower the learning rate (it is %s) or check the data for"
                + " non-finite pixels", loss, where, rate));
      }
      // The loss is the one before the step's update: the update itself can overflow. A
      // non-finite parameter must neither reach a checkpoint nor the next setLearningRate
      // (DL4J's updater rebuild fails on it with a NullPointerException).
      if (!BooleanIndexing.and(graph.params(), Conditions.isFinite())) {
        throw new TrainingDivergedException(String.format(Locale.ROOT,
            "the parameters stopped being finite at %s (loss %s): lower the learning rate (it is"
                + " %s)", where, loss, rate));
      }
    }
  }
}
