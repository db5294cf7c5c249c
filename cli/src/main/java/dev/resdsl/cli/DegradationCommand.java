package dev.resdsl.cli;

import dev.resdsl.cli.degradation.DegradationExperiment;
import dev.resdsl.cli.degradation.ExperimentNetwork;
import dev.resdsl.cli.degradation.NetworkResult;
import dev.resdsl.cli.degradation.Protocol;
import dev.resdsl.cli.degradation.ResultFiles;
import dev.resdsl.cli.degradation.Schedule;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code resdsl degradation [--epochs N] [--schedule constant|steps] [--seed S] [--data SOURCE]
 * [--out DIR] [--every N] [--train-images N] [--test-images N] [--networks A,B] [--warmup X]}:
 * the paper's degradation experiment (EXPERIMENTS.md), by default on all of Fashion-MNIST into
 * {@code runs/degradation}; the last two options are for investigating, not the protocol.
 */
final class DegradationCommand {
  private static final Set<String> OPTIONS = Set.of("epochs", "schedule", "seed", "data", "out",
      "every", "train-images", "test-images", "networks", "warmup");

  private DegradationCommand() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("degradation", args, OPTIONS, Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException("degradation takes only options, got " + a.positional());
    }
    Protocol defaults = Protocol.DEFAULT;
    Protocol protocol;
    try {
      protocol = new Protocol(a.string("data", defaults.source()),
          a.positiveInt("epochs", defaults.epochs()),
          schedule(a.string("schedule", defaults.schedule().name())),
          a.longValue("seed", defaults.seed()),
          a.positiveInt("every", defaults.every()),
          a.positiveInt("train-images", defaults.trainImages()),
          a.positiveInt("test-images", defaults.testImages()),
          networks(a.string("networks", null), defaults.networks()),
          a.number("warmup", defaults.warmup()));
    } catch (IllegalArgumentException e) {
      throw new UsageException("degradation: " + e.getMessage());
    }
    Path dir = a.path("out", Path.of("runs", "degradation"));
    List<String> notices = new ArrayList<>(); // held until the backend line, which comes first
    DegradationExperiment experiment =
        DegradationExperiment.prepare(protocol, notice -> notices.add("resdsl: " + notice));
    // Only now, so that a bad argument or data source ends with its one line alone.
    ResDsl.printBackendLine(err, notices);
    err.printf(Locale.ROOT, "resdsl: degradation experiment on %s (%,d training images): %d"
            + " epoch%s, learning rate %s (%s), seed %d, training error every %d iterations,"
            + " output %s%n",
        protocol.source(), experiment.trainingImages(), protocol.epochs(),
        protocol.epochs() == 1 ? "" : "s",
        protocol.config().learningRate(), protocol.schedule().name().toLowerCase(Locale.ROOT),
        protocol.seed(), protocol.every(), dir);
    List<NetworkResult> results = experiment.run(dir, err);
    out.print(ResultFiles.markdown(results));
    out.println("kept " + dir.resolve(DegradationExperiment.CURVES_FILE) + ", "
        + dir.resolve(DegradationExperiment.SUMMARY_FILE) + ", "
        + dir.resolve(DegradationExperiment.FIGURE_FILE));
  }

  private static List<ExperimentNetwork> networks(String text, List<ExperimentNetwork> fallback)
      throws UsageException {
    if (text == null) {
      return fallback;
    }
    List<ExperimentNetwork> networks = new ArrayList<>();
    for (String label : text.split(",")) {
      networks.add(ExperimentNetwork.byLabel(label).orElseThrow(() -> new UsageException(
          "degradation: unknown network '" + label.trim() + "' in --networks: use some of "
              + Arrays.stream(ExperimentNetwork.values()).map(ExperimentNetwork::label)
                  .collect(Collectors.joining(",")))));
    }
    return networks;
  }

  private static Schedule schedule(String text) throws UsageException {
    for (Schedule schedule : Schedule.values()) {
      if (schedule.name().equalsIgnoreCase(text)) {
        return schedule;
      }
    }
    throw new UsageException("degradation: unknown --schedule '" + text + "': use one of "
        + Arrays.stream(Schedule.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", ")));
  }
}
