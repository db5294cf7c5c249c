package dev.resdsl.cli;

import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.backend.NativeBackend;
import dev.resdsl.runtime.backend.NativeBuildSelector;
import dev.resdsl.runtime.summary.NetworkSummary;
import dev.resdsl.runtime.train.OutputWriteException;
import dev.resdsl.runtime.train.TrainingDivergedException;
import dev.resdsl.spark.SparkJobException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code resdsl} command line. A bad argument, a missing or corrupt file or a checkpoint of
 * another architecture ends with one line on standard error and exit status 2, never a stack
 * trace; a training run that diverges ends with status 1.
 */
public final class ResDsl {
  /** Exit status of a bad command line, an unknown model or a bad file. */
  public static final int USAGE = 2;

  /** Exit status of a run that failed for another reason, such as a diverging loss. */
  public static final int FAILURE = 1;

  private static final String HELP = String.join("\n",
      "usage: resdsl COMMAND [ARGS]",
      "  list                                       the example networks",
      "  summary MODEL [--format table|dot|mermaid] layers, shapes, parameters, multiply-adds",
      "  train MODEL --data SOURCE [--epochs N] [--batch B] [--out DIR] [--resume]",
      "        [--lr X] [--momentum X] [--weight-decay X] [--milestones E1,E2] [--warmup X]",
      "        [--no-augment] [--seed S] [--spark MASTER [--spark-averaging N]]",
      "  eval MODEL --checkpoint FILE --data SOURCE  top-1, top-5, confusion matrix",
      "  predict MODEL --checkpoint FILE [--top K] IMAGE...  the most probable classes",
      "  bench MODEL [--batch B] [--mode infer|train] [--iterations N]",
      "        [--engine resdsl|onnxruntime]        images/s",
      "  export MODEL --onnx FILE [--checkpoint FILE | --torchvision FILE.safetensors] [--seed S]",
      "                                             the network as an ONNX model",
      "  demo [--seed S]                            train ResNet-20 on built-in data (minutes)",
      "  degradation [--epochs N] [--schedule constant|steps] [--seed S] [--data SOURCE]",
      "        [--out DIR] [--every N] [--train-images N] [--test-images N]",
      "        [--networks plain-20,plain-56,ResNet-20,ResNet-56] [--warmup X]",
      "                      plain and residual 20/56-layer networks on Fashion-MNIST (Fig. 6)",
      "  help                                       this text",
      "SOURCE: synthetic[:TRAIN_IMAGES] | fashion-mnist[:DIR] | cifar10:DIR | folder:DIR");

  static {
    // Before any command touches ND4J, whose native build must be chosen before it loads.
    NativeBuildSelector.apply();
  }

  private final PrintStream out;
  private final PrintStream err;

  private ResDsl(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      new ResDsl(out, err).dispatch(List.of(args));
      return 0;
    } catch (UsageException e) {
      err.println("resdsl: " + e.getMessage());
      return USAGE;
    } catch (OutputWriteException e) {
      // Not the user's mistake but the run's end, as a diverging loss is.
      err.println("resdsl: " + e.getMessage());
      return FAILURE;
    } catch (IOException e) {
      err.println("resdsl: " + describe(e));
      return USAGE;
    } catch (TrainingDivergedException e) {
      err.println("resdsl: training stopped: " + e.getMessage()
          + "; the checkpoint of the last complete epoch is kept");
      return FAILURE;
    } catch (SparkJobException e) {
      err.println("resdsl: training stopped: " + e.getMessage()
          + "; the checkpoint of the last complete epoch is kept");
      return FAILURE;
    } catch (OutOfMemoryError e) {
      err.println("resdsl: out of memory: give the JVM more with RESDSL_JAVA_OPTS=-Xmx16g,"
          + " or use a smaller --batch");
      return FAILURE;
    } catch (RuntimeException e) {
      // A bug of ours, not the user's: one line, and the stack trace only when asked for.
      err.println("resdsl: internal error: " + e + " (set RESDSL_DEBUG=1 for the stack trace)");
      if (System.getenv("RESDSL_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return FAILURE;
    }
  }

  /** An I/O failure in one line, naming the file. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getFile() + ": " + fs.getReason();
    }
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
  }

  private void dispatch(List<String> args) throws UsageException, IOException {
    if (args.isEmpty()) {
      throw new UsageException("no command given: run 'resdsl help' for the commands");
    }
    List<String> rest = args.subList(1, args.size());
    switch (args.get(0)) {
      case "list" -> list(rest);
      case "summary" -> summary(rest);
      case "train" -> TrainCommand.run(rest, out, err);
      case "eval" -> EvalCommand.run(rest, out, err);
      case "predict" -> PredictCommand.run(rest, out, err);
      case "bench" -> BenchCommand.run(rest, out, err);
      case "export" -> ExportCommand.run(rest, out);
      case "demo" -> Demo.run(rest, out, err);
      case "degradation" -> DegradationCommand.run(rest, out, err);
      case "help", "--help", "-h" -> out.println(HELP);
      default -> throw new UsageException("unknown command '" + args.get(0)
          + "': use one of list, summary, train, eval, predict, bench, export, demo, degradation,"
          + " help");
    }
  }

  /** Reads the compiler's constants only: loads no ND4J, so prints no backend line. */
  private void list(List<String> args) throws UsageException {
    if (!args.isEmpty()) {
      throw new UsageException("list takes no arguments, got " + args);
    }
    out.printf(Locale.ROOT, "%-16s %-11s %8s %14s %17s%n",
        "model", "input", "classes", "parameters", "multiply-adds");
    for (NetworkFactory model : NetworkCatalog.all()) {
      NetworkDescription d = model.description();
      out.printf(Locale.ROOT, "%-16s %-11s %8d %,14d %,17d%n", d.name(), d.input(), d.classes(),
          d.trainableParameters(), d.multiplyAdds());
    }
  }

  private void summary(List<String> args) throws UsageException {
    Arguments a = Arguments.parse("summary", args, java.util.Set.of("format"), java.util.Set.of());
    NetworkFactory model = model(a.single("model", "ResNet20 [--format table|dot|mermaid]"));
    Format format = Format.parse(a.string("format", "table"));
    err.println(backendLine());
    NetworkSummary summary = NetworkSummary.of(model.create(0));
    out.print(switch (format) {
      case TABLE -> summary.toTable();
      case DOT -> summary.toDot();
      case MERMAID -> summary.toMermaid();
    });
  }

  /** The example model of that name, or a usage error listing them. */
  static NetworkFactory model(String name) throws UsageException {
    return NetworkCatalog.find(name).orElseThrow(() -> new UsageException("unknown model '" + name
        + "': use one of " + NetworkCatalog.all().stream().map(NetworkFactory::name)
            .collect(Collectors.joining(", "))));
  }

  /**
   * The line naming the backend, which every command that loads ND4J prints first on standard
   * error, once its arguments and files have been checked (so that a bad one still ends with its
   * one line alone).
   */
  static String backendLine() {
    return "resdsl: " + NativeBackend.info().describe();
  }

  /**
   * Prints the backend line, then the notices (such as a conversion of the data) that came while
   * the command read its files: they are held until then so that the backend line comes first.
   */
  static void printBackendLine(PrintStream err, List<String> notices) {
    err.println(backendLine());
    notices.forEach(err::println);
  }

  /** The output formats of {@code summary}. */
  private enum Format {
    TABLE,
    DOT,
    MERMAID;

    static Format parse(String text) throws UsageException {
      for (Format format : values()) {
        if (format.name().equalsIgnoreCase(text)) {
          return format;
        }
      }
      throw new UsageException("unknown format '" + text + "': use one of "
          + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", ")));
    }
  }
}
