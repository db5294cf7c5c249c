package dev.resdsl.cli;

import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code resdsl demo}: trains the paper's CIFAR ResNet-20 on the built-in synthetic images with
 * the paper's recipe, scaled to minutes: {@value #TRAIN_IMAGES} training images, {@value #EPOCHS}
 * epochs, the learning rate divided by 10 for the last two. Keeps its files in {@code runs/demo}.
 */
final class Demo {
  static final int TRAIN_IMAGES = 5000;
  static final int EPOCHS = 5;

  private Demo() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("demo", args, Set.of("out", "epochs", "images"), Set.of());
    Path dir = a.path("out", Path.of("runs", "demo"));
    int epochs = a.positiveInt("epochs", EPOCHS);
    int images = a.positiveInt("images", TRAIN_IMAGES);
    // The demo's own files from an earlier demo are replaced, never a training run's.
    for (String file : List.of(TrainingCheckpoint.FILE_NAME, Trainer.METRICS_FILE,
        Trainer.PLOT_FILE)) {
      Files.deleteIfExists(dir.resolve(file));
    }
    TrainingConfig config = TrainingConfig.paper(epochs).toBuilder()
        .milestones(epochs >= 3 ? List.of(epochs - 2) : List.of())
        .build();
    String headline = "ResDSL demo: the paper's CIFAR ResNet-20 (ResNet20Spec, checked by javac),"
        + " trained on " + images + " synthetic 32x32 images of 10 classes.";
    new TrainCommand.Run(NetworkCatalog.find("ResNet20").orElseThrow(), "synthetic:" + images,
        config, dir, false, out, err, TrainingLoop.SINGLE_MACHINE, headline).execute();
  }
}
