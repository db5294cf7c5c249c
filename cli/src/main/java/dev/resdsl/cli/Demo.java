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
 * {@code resdsl demo [--seed S]}: trains the paper's CIFAR ResNet-20 on the built-in synthetic
 * images with the paper's recipe, scaled to minutes: {@value #TRAIN_IMAGES} training images,
 * {@value #EPOCHS} epochs, the learning rate divided by 10 once, for the last two (the paper
 * divides twice, at 32k and 48k of 64k iterations). Keeps its files in {@code runs/demo}.
 *
 * <p>{@value #TRAIN_IMAGES} images are 40 full batches of 128 an epoch. With 5,000 the last batch
 * of every epoch held 8 images, and at learning rate 0.1 that one step now and then wrecked the
 * network: the same command ended at 87% on one seed and 99% on another (BENCHMARKS.md, "The
 * demo").
 */
final class Demo {
  static final int TRAIN_IMAGES = 5120;
  static final int EPOCHS = 5;

  private Demo() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("demo", args, Set.of("out", "epochs", "images", "seed"),
        Set.of());
    Path dir = a.path("out", Path.of("runs", "demo"));
    int epochs = a.positiveInt("epochs", EPOCHS);
    int images = a.positiveInt("images", TRAIN_IMAGES);
    TrainingConfig paper = TrainingConfig.paper(epochs);
    long seed = a.longValue("seed", paper.seed());
    // The demo's own files from an earlier demo are replaced, never a training run's.
    for (String file : List.of(TrainingCheckpoint.FILE_NAME, Trainer.METRICS_FILE,
        Trainer.PLOT_FILE)) {
      Files.deleteIfExists(dir.resolve(file));
    }
    TrainingConfig config = paper.toBuilder()
        .milestones(epochs >= 3 ? List.of(epochs - 2) : List.of())
        .seed(seed)
        .build();
    String headline = "ResDSL demo: the paper's CIFAR ResNet-20 (ResNet20Spec, checked by javac),"
        + " trained on " + images + " synthetic 32x32 images of 10 classes, seed " + seed
        + ".";
    new TrainCommand.Run(NetworkCatalog.find("ResNet20").orElseThrow(), "synthetic:" + images,
        config, dir, false, out, err, TrainingLoop.SINGLE_MACHINE, headline).execute();
  }
}
