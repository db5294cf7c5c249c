package dev.resdsl.runtime.train;

import dev.resdsl.runtime.GeneratedNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a training run's epochs are fitted, chosen by whoever starts runs (the command line, the
 * degradation experiment): {@link #SINGLE_MACHINE}, or the {@code spark} module's {@code
 * SparkLoop} on a cluster. Every loop leaves the same output folder.
 */
public interface TrainingLoop {
  /** {@link Trainer} in this JVM. */
  TrainingLoop SINGLE_MACHINE = (config, progress, network, data, state, out) ->
      new Trainer(config, progress).train(network, data, state, out);

  /**
   * Trains {@code network} from {@code state} under {@code config}, as {@link Trainer#train} does.
   *
   * @param out the output folder, or empty to keep nothing
   * @return the state after the last epoch, with its history
   */
  TrainingState train(TrainingConfig config, TrainingProgress progress, GeneratedNetwork network,
      TrainingData data, TrainingState state, Optional<Path> out) throws IOException;
}
