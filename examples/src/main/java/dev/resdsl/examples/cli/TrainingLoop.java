package dev.resdsl.examples.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** Where {@code train} runs its epochs: on this machine, or on Spark ({@link SparkLoop}). */
interface TrainingLoop {
  /** {@link Trainer} in this JVM. */
  TrainingLoop SINGLE_MACHINE =
      (config, progress, network, data, state, out, err) ->
          new Trainer(config, progress).train(network, data, state, Optional.of(out));

  /**
   * Trains {@code network} from {@code state} into the folder {@code out}, as {@link
   * Trainer#train} does; one-line notices go to {@code err}.
   */
  TrainingState train(TrainingConfig config, TrainingProgress progress, GeneratedNetwork network,
      TrainingData data, TrainingState state, Path out, PrintStream err)
      throws UsageException, IOException;
}
