package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.train.TrainingConfig;
import java.util.List;

/** How the learning rate moves during the experiment. */
public enum Schedule {
  /**
   * 0.1 throughout: a short run is the opening of the paper's schedule, which keeps 0.1 for its
   * first 32k iterations, the stretch its Figure 6 shows degradation in.
   */
  CONSTANT,
  /** Divided by 10 at half and at three quarters of the epochs, as the paper's 32k and 48k of 64k. */
  STEPS;

  /** {@code config} with this schedule. */
  TrainingConfig applyTo(TrainingConfig config) {
    return switch (this) {
      case CONSTANT -> config.toBuilder().milestones(List.of()).decayFactor(1).build();
      case STEPS -> config.toBuilder().milestones(List.of()).decayFactor(0.1).build();
    };
  }
}
