package dev.resdsl.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.data.Batches;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.eval.Evaluator;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code resdsl eval MODEL --checkpoint FILE --data SOURCE}: top-1 and top-5 accuracy and the
 * confusion matrix on the source's test images.
 */
final class EvalCommand {
  private static final int BATCH = 256;

  private EvalCommand() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("eval", args, Set.of("checkpoint", "data", "seed"), Set.of());
    NetworkFactory model = ResDsl.model(a.single("model",
        "ResNet20 --checkpoint runs/ResNet20/checkpoint.zip --data synthetic"));
    Path checkpoint = Path.of(a.required("checkpoint", "runs/" + model.name() + "/checkpoint.zip"));
    String source = a.required("data", "synthetic");
    long seed = a.longValue("seed", 42);
    GeneratedNetwork network = model.load(checkpoint);
    List<String> notices = new ArrayList<>(); // held until the backend line, which comes first
    DataSplit data = DataSources.load(source, model.description().input(), seed,
        notice -> notices.add("resdsl: " + notice));
    DataSources.requireClasses(model.name(), model.description().classes(), source, data);
    Normalization normalization = normalization(checkpoint, data);
    // Only now, so that a bad file or argument ends with its one line alone.
    ResDsl.printBackendLine(err, notices);
    Evaluation result = Evaluator.evaluate(network,
        Batches.evaluation(data.test(), BATCH, normalization, model.description().classes()));
    out.print(model.name() + " on " + source + ": " + result.toText(data.test().classNames()));
  }

  /** The normalisation the network was trained with, else the data's own. */
  static Normalization normalization(Path checkpoint, DataSplit data) throws IOException {
    return TrainingCheckpoint.readState(checkpoint)
        .flatMap(TrainingState::recordedNormalization)
        .orElseGet(() -> Normalization.of(data.train()));
  }
}
