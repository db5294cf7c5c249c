package dev.resdsl.runtime.exec;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether generated networks run on the fast path ({@code -Dresdsl.fast=false} keeps
 * Deeplearning4j's layers for everything), and the one place that falls back, logged, when a
 * graph has none. Inference is on by default; training only with {@code
 * -Dresdsl.fast.training=true}, until its long-run curves are shown to match the graph's (see
 * BENCHMARKS.md).
 */
public final class FastPath {
  /** System property: {@code false} runs every network through its ComputationGraph. */
  public static final String PROPERTY = "resdsl.fast";

  /** System property: {@code true} trains on the fast path too. */
  public static final String TRAINING_PROPERTY = "resdsl.fast.training";

  private static final Logger LOG = LoggerFactory.getLogger(FastPath.class);

  private FastPath() {}

  /** Whether the fast path is wanted in this process. */
  public static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
  }

  /** Whether training is wanted on the fast path in this process. */
  public static boolean trainingEnabled() {
    return enabled() && "true".equalsIgnoreCase(System.getProperty(TRAINING_PROPERTY, "false"));
  }

  /** {@link FastTraining} of {@code network} if wanted and possible, else null (logged). */
  public static FastTraining training(dev.resdsl.runtime.GeneratedNetwork network) {
    return trainingEnabled()
        ? orFallback(network.name(), "training", () -> FastTraining.of(network))
        : null;
  }

  /**
   * {@code build}'s result, or null (logged, naming the reason) when the fast path is off or the
   * graph has a vertex it cannot run.
   */
  public static <T> T orFallback(String network, String what, Supplier<T> build) {
    if (!enabled()) {
      return null;
    }
    try {
      return build.get();
    } catch (UnsupportedOperationException e) {
      LOG.info("{}: {} through Deeplearning4j's layers: {}", network, what, e.getMessage());
      return null;
    }
  }
}
