package dev.resdsl.cli.degradation;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.train.ProgressBar;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingLoop;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Trains the {@link ExperimentNetwork}s one after another under one {@link Protocol}, on
 * the same batches from the same seed, and keeps their curves: {@code curves.csv}, {@code
 * summary.csv} and {@code figure.png} in the output folder, rewritten after each network so that
 * a stopped run keeps what it finished, and each network's checkpoint, metrics and plot in a
 * sub-folder of its name.
 */
public final class DegradationExperiment {
  /** The curves file in the output folder. */
  public static final String CURVES_FILE = "curves.csv";

  /** The summary file in the output folder. */
  public static final String SUMMARY_FILE = "summary.csv";

  /** The figure in the output folder. */
  public static final String FIGURE_FILE = "figure.png";

  private final Protocol protocol;
  private final TrainingData batches;

  private DegradationExperiment(Protocol protocol, TrainingData batches) {
    this.protocol = protocol;
    this.batches = batches;
  }

  /**
   * Reads the protocol's data, so that a bad source fails before any training.
   *
   * @param notices one-line notices about the data, such as a conversion
   * @throws IOException if the data cannot be read
   */
  public static DegradationExperiment prepare(Protocol protocol, Consumer<String> notices)
      throws IOException {
    NetworkFactory first = ExperimentNetwork.PLAIN_20.model();
    DataSplit data = DataSources.load(protocol.source(), first.description().input(),
        protocol.seed(), notices);
    DataSources.requireClasses(first.name(), first.description().classes(), protocol.source(),
        data);
    data = new DataSplit(
        protocol.trainImages() == 0 ? data.train() : data.train().limit(protocol.trainImages()),
        protocol.testImages() == 0 ? data.test() : data.test().limit(protocol.testImages()));
    return new DegradationExperiment(protocol,
        TrainingData.of(data, protocol.config(), first.description().classes()));
  }

  /** Training images an epoch. */
  public int trainingImages() {
    return batches.trainingSize();
  }

  /**
   * Trains the protocol's networks on this machine into {@code out}, reporting progress on {@code
   * log}.
   *
   * @return each network's result, in {@link ExperimentNetwork} order
   * @throws IOException if the results cannot be written
   */
  public List<NetworkResult> run(Path out, PrintStream log) throws IOException {
    return run(out, log, TrainingLoop.SINGLE_MACHINE);
  }

  /**
   * Trains the protocol's networks with {@code loop} into {@code out}, reporting progress on
   * {@code log}.
   *
   * @return each network's result, in {@link ExperimentNetwork} order
   * @throws IOException if the results cannot be written
   */
  public List<NetworkResult> run(Path out, PrintStream log, TrainingLoop loop) throws IOException {
    TrainingConfig config = protocol.config();
    int iterationsPerEpoch = (batches.trainingSize() + config.batchSize() - 1) / config.batchSize();
    List<NetworkResult> results = new ArrayList<>();
    for (ExperimentNetwork entry : protocol.networks()) {
      NetworkFactory model = entry.model();
      log.printf(Locale.ROOT, "degradation: %s (%s, %,d parameters)%n", entry.label(),
          model.name(), model.description().trainableParameters());
      GeneratedNetwork network = model.create(protocol.seed());
      ErrorCurve curve =
          new ErrorCurve(protocol.every(), iterationsPerEpoch, ProgressBar.on(log));
      long start = System.nanoTime();
      loop.train(config, curve, network, batches, TrainingState.start(protocol.seed(), batches),
          Optional.of(out.resolve(model.name())));
      double minutes = (System.nanoTime() - start) / 6e10;
      results.add(new NetworkResult(entry, model.description().trainableParameters(),
          curve.training(), curve.test(), curve.epochs(), minutes));
      ResultFiles.writeCurves(out.resolve(CURVES_FILE), results);
      ResultFiles.writeSummary(out.resolve(SUMMARY_FILE), results);
      DegradationFigure.write(out.resolve(FIGURE_FILE), results, protocol.every());
    }
    return results;
  }
}
