package dev.resdsl.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.data.Batches;
import dev.resdsl.runtime.data.ImageBatches;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.data.ImageFiles;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code resdsl predict MODEL --checkpoint FILE [--top K] IMAGE...}: each image's most probable
 * classes with their probabilities, the image converted to the model's input and normalised as
 * in training.
 */
final class PredictCommand {
  private static final int BATCH = 64;

  private PredictCommand() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("predict", args, Set.of("checkpoint", "top"), Set.of());
    if (a.positional().size() < 2) {
      throw new UsageException("predict needs a model and at least one image: resdsl predict"
          + " ResNet20 --checkpoint runs/ResNet20/checkpoint.zip cat.png");
    }
    NetworkFactory model = ResDsl.model(a.positional().get(0));
    Path checkpoint = Path.of(a.required("checkpoint", "runs/" + model.name() + "/checkpoint.zip"));
    int classes = model.description().classes();
    int top = Math.min(a.positiveInt("top", 5), classes);
    List<Path> files = a.positional().subList(1, a.positional().size()).stream()
        .map(Path::of).toList();
    GeneratedNetwork network = model.load(checkpoint);
    Optional<TrainingState> state = TrainingCheckpoint.readState(checkpoint);
    List<String> names = state.map(TrainingState::classNames).orElse(List.of());
    List<String> notices = new ArrayList<>(); // held until the backend line, which comes first
    Normalization normalization = state.flatMap(TrainingState::recordedNormalization)
        .orElseGet(() -> {
          notices.add("resdsl: " + checkpoint + " records no normalisation (it was not written by"
              + " train): the images are fed as pixels in [0, 1]");
          return Normalization.identity(model.description().input().channels());
        });
    ImageDataset images = ImageFiles.read(files, model.description().input());
    // Only now, so that a bad file or argument ends with its one line alone.
    ResDsl.printBackendLine(err, notices);
    ImageBatches batches = Batches.evaluation(images, BATCH, normalization, classes);
    int index = 0;
    while (batches.hasNext()) {
      float[][] probabilities = network.predict(batches.next().getFeatures()).toFloatMatrix();
      for (float[] row : probabilities) {
        out.println(files.get(index++) + ": " + ranked(row, top, names));
      }
    }
  }

  private static String ranked(float[] probabilities, int top, List<String> names) {
    List<String> parts = new ArrayList<>();
    IntStream.range(0, probabilities.length).boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed())
        .limit(top)
        .forEach(c -> parts.add(String.format(Locale.ROOT, "%s %.1f%%",
            c < names.size() ? names.get(c) : "class " + c, 100 * probabilities[c])));
    return String.join(", ", parts);
  }
}
