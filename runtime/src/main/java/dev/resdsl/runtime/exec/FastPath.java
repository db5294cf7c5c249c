package dev.resdsl.runtime.exec;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether generated networks run on the fast path ({@code -Dresdsl.fast=false} keeps
 * Deeplearning4j's layers for everything), and the one place that falls back, with a warning, when
 * a graph has none; {@code -Dresdsl.fast.training=false} keeps only training on the graph.
 */
public final class FastPath {
  /** System property: {@code false} runs every network through its ComputationGraph. */
  public static final String PROPERTY = "resdsl.fast";

  /** System property: {@code false} trains through the graph while inference stays fast. */
  public static final String TRAINING_PROPERTY = "resdsl.fast.training";

  private static final Logger LOG = LoggerFactory.getLogger(FastPath.class);

  private FastPath() {}

  /** Whether the fast path is wanted in this process. */
  public static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
  }

  /** Whether training is wanted on the fast path in this process. */
  public static boolean trainingEnabled() {
    return enabled() && !"false".equalsIgnoreCase(System.getProperty(TRAINING_PROPERTY, "true"));
  }

  /** {@link FastTraining} of {@code network} if wanted and possible, else null (logged). */
  public static FastTraining training(dev.resdsl.runtime.GeneratedNetwork network) {
    return trainingEnabled()
        ? orFallback(network.name(), "training", () -> FastTraining.of(network))
        : null;
  }

  /**
   * {@code build}'s result, or null when the fast path is off or the graph has a vertex it cannot
   * run; the latter is logged as a warning naming the reason, one line on standard error from the
   * command line (which shows warnings and errors only).
   */
  public static <T> T orFallback(String network, String what, Supplier<T> build) {
    if (!enabled()) {
      return null;
    }
    try {
      return build.get();
    } catch (UnsupportedOperationException e) {
      LOG.warn("{}: {} through Deeplearning4j's layers, not the fast path: {}", network, what,
          e.getMessage());
      return null;
    }
  }
}
