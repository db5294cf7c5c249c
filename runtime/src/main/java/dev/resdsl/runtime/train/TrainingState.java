package dev.resdsl.runtime.train;

import dev.resdsl.runtime.data.Normalization;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Properties;

/**
 * Where a training run stands: what a checkpoint records besides the weights and the optimiser's
 * state, so that {@code --resume} continues exactly there.
 *
 * @param epochsDone completed epochs
 * @param iteration completed steps
 * @param warmupDone whether the warm-up (if any) is over
 * @param seed the run's seed
 * @param normalization the data normalisation, as {@link TrainingData#normalization()} writes it
 * @param classNames the data's class names
 * @param history one row per completed epoch
 */
public record TrainingState(
    int epochsDone,
    long iteration,
    boolean warmupDone,
    long seed,
    String normalization,
    List<String> classNames,
    List<EpochMetrics> history) {

  /** Copies the lists. */
  public TrainingState {
    classNames = List.copyOf(classNames);
    history = List.copyOf(history);
  }

  /** The state before the first step of training on {@code data}. */
  public static TrainingState start(long seed, TrainingData data) {
    return new TrainingState(0, 0, false, seed, data.normalization(), data.classNames(),
        List.of());
  }

  /**
   * The state after another epoch.
   *
   * @param iteration completed steps, this epoch's included
   * @param warmupDone whether the warm-up (if any) is over
   * @param newHistory the history with this epoch's row
   */
  public TrainingState next(long iteration, boolean warmupDone, List<EpochMetrics> newHistory) {
    return new TrainingState(epochsDone + 1, iteration, warmupDone, seed, normalization,
        classNames, newHistory);
  }

  /** The properties a checkpoint stores (the history is an entry of its own). */
  Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("epochsDone", Integer.toString(epochsDone));
    p.setProperty("iteration", Long.toString(iteration));
    p.setProperty("warmupDone", Boolean.toString(warmupDone));
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("normalization", normalization);
    // Class names are folder names: a tab cannot be in one on the platforms we run on.
    p.setProperty("classNames", String.join("\t", classNames));
    return p;
  }

  /** This state with the history read beside it. */
  TrainingState withHistory(List<EpochMetrics> newHistory) {
    return new TrainingState(epochsDone, iteration, warmupDone, seed, normalization, classNames,
        newHistory);
  }

  /** The normalisation the run applied, if it recorded one. */
  public Optional<Normalization> recordedNormalization() {
    return normalization.isEmpty() ? Optional.empty() : Optional.of(Normalization.parse(normalization));
  }

  /** Reads the properties of {@link #toProperties()}; the history is read elsewhere. */
  static TrainingState fromProperties(Properties p) {
    try {
      return new TrainingState(
          Integer.parseInt(p.getProperty("epochsDone")),
          Long.parseLong(p.getProperty("iteration")),
          Boolean.parseBoolean(p.getProperty("warmupDone")),
          Long.parseLong(p.getProperty("seed")),
          p.getProperty("normalization", ""),
          p.getProperty("classNames", "").isEmpty()
              ? List.of()
              : List.of(p.getProperty("classNames").split("\t")),
          List.of());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "training state %s is incomplete", p), e);
    }
  }
}
