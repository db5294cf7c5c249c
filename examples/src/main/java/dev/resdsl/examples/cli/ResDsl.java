package dev.resdsl.examples.cli;

import dev.resdsl.examples.ModelCatalog;
import dev.resdsl.examples.ModelCatalog.Model;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.summary.NetworkSummary;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code resdsl} command line: {@code list}, {@code summary MODEL [--format
 * table|dot|mermaid]} and {@code demo}. A bad argument ends with one line on standard error and exit status 2.
 */
public final class ResDsl {
  /** Exit status of a bad command line, an unknown model or a bad file. */
  public static final int USAGE = 2;

  private static final String HELP = String.join("\n",
      "usage: resdsl COMMAND [ARGS]",
      "  list                                        the example networks",
      "  summary MODEL [--format table|dot|mermaid]  layers, shapes, parameters, multiply-adds",
      "  demo                                        ResNet-20: compiler and DL4J shapes, a forward pass",
      "  help                                        this text");

  private final PrintStream out;

  private ResDsl(PrintStream out) {
    this.out = out;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line, printing to {@code out} and {@code err}; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      new ResDsl(out).dispatch(List.of(args));
      return 0;
    } catch (UsageException e) {
      err.println("resdsl: " + e.getMessage());
      return USAGE;
    }
  }

  private void dispatch(List<String> args) throws UsageException {
    if (args.isEmpty()) {
      throw new UsageException("no command given: run 'resdsl help' for the commands");
    }
    List<String> rest = args.subList(1, args.size());
    switch (args.get(0)) {
      case "list" -> list(rest);
      case "summary" -> summary(rest);
      case "demo" -> {
        if (!rest.isEmpty()) {
          throw new UsageException("demo takes no arguments, got " + rest);
        }
        Demo.run(out);
      }
      case "help", "--help", "-h" -> out.println(HELP);
      default -> throw new UsageException("unknown command '" + args.get(0)
          + "': use one of list, summary, demo, help");
    }
  }

  private void list(List<String> args) throws UsageException {
    if (!args.isEmpty()) {
      throw new UsageException("list takes no arguments, got " + args);
    }
    out.printf(Locale.ROOT, "%-11s %-11s %8s %14s %17s%n",
        "model", "input", "classes", "parameters", "multiply-adds");
    for (Model model : ModelCatalog.all()) {
      NetworkDescription d = model.description();
      out.printf(Locale.ROOT, "%-11s %-11s %8d %,14d %,17d%n", d.name(), d.input(), d.classes(),
          d.trainableParameters(), d.multiplyAdds());
    }
  }

  private void summary(List<String> args) throws UsageException {
    if (args.isEmpty()) {
      throw new UsageException("summary needs a model: resdsl summary ResNet20 (see resdsl list)");
    }
    Model model = model(args.get(0));
    Format format = Format.TABLE;
    List<String> options = args.subList(1, args.size());
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (option.equals("--format") && i + 1 < options.size()) {
        format = Format.parse(options.get(++i));
      } else if (option.startsWith("--format=")) {
        format = Format.parse(option.substring("--format=".length()));
      } else {
        throw new UsageException("unknown option '" + option
            + "' for summary: use --format table|dot|mermaid");
      }
    }
    GeneratedNetwork network = model.create(0);
    NetworkSummary summary = NetworkSummary.of(network);
    out.print(switch (format) {
      case TABLE -> summary.toTable();
      case DOT -> summary.toDot();
      case MERMAID -> summary.toMermaid();
    });
  }

  private static Model model(String name) throws UsageException {
    return ModelCatalog.find(name).orElseThrow(() -> new UsageException("unknown model '" + name
        + "': use one of " + ModelCatalog.all().stream().map(Model::name)
            .collect(Collectors.joining(", "))));
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
