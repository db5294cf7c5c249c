package dev.resdsl.cli;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.train.ProgressBar;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingLoop;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import dev.resdsl.spark.SparkLoop;
import dev.resdsl.spark.SparkTrainingConfig;
import dev.resdsl.spark.SparkTrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code resdsl train MODEL --data SOURCE [--epochs N] [--batch B] [--out DIR] [--resume]} and
 * the recipe's overrides: {@code --lr}, {@code --momentum}, {@code --weight-decay},
 * {@code --milestones}, {@code --warmup}, {@code --no-augment}, {@code --seed}; {@code --spark
 * MASTER [--spark-averaging N]} trains on Spark.
 */
final class TrainCommand {
  static final Set<String> OPTIONS = Set.of("data", "epochs", "batch", "out", "lr", "momentum",
      "weight-decay", "milestones", "warmup", "seed", "spark", "spark-averaging");
  static final Set<String> FLAGS = Set.of("resume", "no-augment");

  private TrainCommand() {}

  static void run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    Arguments a = Arguments.parse("train", args, OPTIONS, FLAGS);
    NetworkFactory model = ResDsl.model(a.single("model", "ResNet20 --data synthetic"));
    String source = a.required("data", "synthetic");
    TrainingConfig config = config(a, 10);
    if (a.flag("resume")) {
      // The checkpoint's optimiser, with its momentum state, carries on; --lr, --milestones and
      // --warmup only set the learning rate of each epoch, so they do apply.
      for (String option : List.of("momentum", "weight-decay")) {
        if (a.string(option, null) != null) {
          throw new UsageException("train: --" + option + " cannot change a resumed run, which"
              + " keeps the momentum and weight decay its checkpoint was trained with: leave out"
              + " --" + option + ", or start a new run with another --out");
        }
      }
    }
    TrainingLoop loop = sparkLoop(a, model.name(), err).orElse(TrainingLoop.SINGLE_MACHINE);
    Path dir = a.path("out", Path.of("runs", model.name()));
    try {
      new Run(model, source, config, dir, a.flag("resume"), out, err, loop).execute();
    } finally {
      if (loop instanceof SparkLoop spark) {
        spark.close(); // a context opened to read the data, if the run ended before training
      }
    }
  }

  /** The loop {@code --spark MASTER [--spark-averaging N]} asks for, or empty without it. */
  private static Optional<TrainingLoop> sparkLoop(Arguments a, String model, PrintStream err)
      throws UsageException {
    String master = a.string("spark", null);
    if (master == null) {
      if (a.string("spark-averaging", null) != null) {
        throw new UsageException("train: --spark-averaging needs --spark MASTER, such as"
            + " --spark local[2]");
      }
      return Optional.empty();
    }
    try {
      // Before any data is read, so that a bad master URL or a JVM started without the flags
      // ends with one line; the context then opens while this thread reads and builds.
      return Optional.of(new SparkLoop(master, "resdsl train " + model,
          SparkTrainingConfig.defaults().withAveragingFrequency(a.positiveInt("spark-averaging",
              SparkTrainingConfig.DEFAULT_AVERAGING_FREQUENCY)),
          notice -> err.println("resdsl: " + notice)));
    } catch (IllegalArgumentException e) {
      throw new UsageException("train: --spark: " + e.getMessage());
    }
  }

  /** The paper's recipe with the command line's overrides. */
  static TrainingConfig config(Arguments a, int defaultEpochs) throws UsageException {
    TrainingConfig paper = TrainingConfig.paper(defaultEpochs);
    try {
      return paper.toBuilder()
          .epochs(a.positiveInt("epochs", paper.epochs()))
          .batchSize(a.positiveInt("batch", paper.batchSize()))
          .learningRate(a.number("lr", paper.learningRate()))
          .momentum(a.number("momentum", paper.momentum()))
          .weightDecay(a.number("weight-decay", paper.weightDecay()))
          .milestones(a.integers("milestones"))
          .warmup(a.number("warmup", paper.warmupLearningRate()))
          .augment(!a.flag("no-augment"))
          .seed(a.longValue("seed", paper.seed()))
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("train: " + e.getMessage());
    }
  }

  /**
   * One training run of a model on a source into a folder; {@code headline}, if not null, goes to
   * {@code out} right after the backend line.
   */
  record Run(NetworkFactory model, String source, TrainingConfig config, Path dir, boolean resume,
      PrintStream out, PrintStream err, TrainingLoop loop, String headline) {

    /** A run without a headline. */
    Run(NetworkFactory model, String source, TrainingConfig config, Path dir, boolean resume,
        PrintStream out, PrintStream err, TrainingLoop loop) {
      this(model, source, config, dir, resume, out, err, loop, null);
    }

    TrainingState execute() throws UsageException, IOException {
      Path checkpoint = dir.resolve(TrainingCheckpoint.FILE_NAME);
      if (!resume && Files.exists(checkpoint)) {
        throw new UsageException(dir + " already holds a checkpoint: add --resume to continue it,"
            + " or choose another --out");
      }
      if (resume && !Files.exists(checkpoint)) {
        throw new UsageException("--resume: there is no " + checkpoint
            + " to continue; leave out --resume to start");
      }
      // The checkpoint's seed, which drew the data, their order and augmentation: another would
      // continue on other data.
      TrainingConfig config = this.config;
      Optional<TrainingState> saved = resume
          ? TrainingCheckpoint.readState(checkpoint, dir.resolve(Trainer.METRICS_FILE))
          : Optional.empty();
      // Held until the backend line, which comes first.
      List<String> notices = new ArrayList<>();
      String seedNotice = null;
      if (saved.isPresent() && saved.get().seed() != config.seed()) {
        seedNotice = "resdsl: resuming with the checkpoint's seed " + saved.get().seed()
            + ", not " + config.seed();
        config = config.toBuilder().seed(saved.get().seed()).build();
      }
      // The network before the data: on Spark, building it (loading the native library first)
      // overlaps the context's start-up, which reading the data waits for.
      GeneratedNetwork network = resume ? model.load(checkpoint) : model.create(config.seed());
      TrainingData batches;
      int testImages;
      if (loop instanceof SparkLoop spark && SparkLoop.readsOnExecutors(source)) {
        // Spark's executors read and keep the images; this JVM, the driver, holds none.
        SparkTrainingData onExecutors = spark.read(source, model.name(),
            model.description().input(), config, model.description().classes(),
            notice -> notices.add("resdsl: " + notice));
        batches = onExecutors;
        testImages = onExecutors.testSize();
      } else {
        DataSplit data = DataSources.load(source, model.description().input(), config.seed(),
            notice -> notices.add("resdsl: " + notice));
        DataSources.requireClasses(model.name(), model.description().classes(), source, data);
        batches = TrainingData.of(data, config, model.description().classes());
        testImages = data.test().size();
      }
      TrainingState state;
      if (resume) {
        state = saved.orElseThrow(() -> new UsageException(checkpoint + " holds no training state"
                + " (written by save, not by train): evaluate it with resdsl eval instead"));
        if (state.epochsDone() >= config.epochs()) {
          throw new UsageException(checkpoint + " has done " + state.epochsDone()
              + " epochs already: ask for more with --epochs " + (state.epochsDone() + 1));
        }
        if (seedNotice != null) {
          notices.add(seedNotice);
        }
        notices.add(String.format(Locale.ROOT, "resdsl: resuming %s after epoch %d, step %d",
            model.name(), state.epochsDone(), state.iteration()));
      } else {
        state = TrainingState.start(config.seed(), batches);
      }
      // Only now, so that a bad file or argument ends with its one line alone.
      ResDsl.printBackendLine(err, notices);
      if (headline != null) {
        out.println(headline);
      }
      err.printf(Locale.ROOT, "resdsl: training %s (%,d parameters) on %s: %,d training and"
              + " %,d test images, %d epochs, batch %d, learning rate %s (milestones %s),"
              + " output %s%n",
          model.name(), model.description().trainableParameters(), source, batches.trainingSize(),
          testImages, config.epochs(), config.batchSize(), config.learningRate(),
          config.effectiveMilestones(), dir);
      long start = System.nanoTime();
      TrainingProgress progress = ProgressBar.on(err);
      TrainingState done;
      try {
        done = loop.train(config, progress, network, batches, state, Optional.of(dir));
      } catch (IllegalArgumentException e) {
        if (!(loop instanceof SparkLoop)) {
          throw e;
        }
        // SparkLoop's refusal of what it was given (a network its workers cannot train).
        throw new UsageException("train: --spark: " + e.getMessage());
      }
      double minutes = (System.nanoTime() - start) / 6e10;
      var last = done.history().get(done.history().size() - 1);
      out.printf(Locale.ROOT, "%s after %d epochs: test accuracy %.2f%% (error %.2f%%),"
              + " training error %.2f%%, %.1f minutes%n",
          model.name(), last.epoch(), 100 * (1 - last.testError()), 100 * last.testError(),
          100 * last.trainError(), minutes);
      out.println("kept " + dir.resolve(TrainingCheckpoint.FILE_NAME) + ", "
          + dir.resolve(Trainer.METRICS_FILE) + ", " + dir.resolve(Trainer.PLOT_FILE));
      return done;
    }
  }
}
