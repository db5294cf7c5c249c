package dev.resdsl.runtime.weights;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Thrown when a weights file does not fit a network: it lists every missing, unexpected and
 * mismatched tensor at once, so that one run shows everything to fix.
 *
 * <p>The first line of the message is the summary and, for up to three problems, all of them:
 * {@code resnet.safetensors does not fit ResNet18: 2 problems: missing layer4.1.bn2.weight;
 * unexpected fc2.weight}. With more, it names the first three and lists the rest one per line
 * below.
 */
public final class WeightsMismatchException extends IOException {
  private static final int ON_FIRST_LINE = 3;

  private final Path file;
  private final String network;
  private final List<String> problems;

  /**
   * Describes every way the file does not fit the network.
   *
   * @param file the weights file
   * @param network the name of the network it was imported into
   * @param problems one phrase per problem, such as {@code "missing fc.bias"}; at least one
   */
  public WeightsMismatchException(Path file, String network, List<String> problems) {
    super(message(file, network, problems));
    this.file = file;
    this.network = network;
    this.problems = List.copyOf(problems);
  }

  private static String message(Path file, String network, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a mismatch needs at least one problem");
    }
    int n = problems.size();
    StringBuilder message =
        new StringBuilder()
            .append(file)
            .append(" does not fit ")
            .append(network)
            .append(": ")
            .append(n)
            .append(n == 1 ? " problem: " : " problems: ")
            .append(String.join("; ", problems.subList(0, Math.min(n, ON_FIRST_LINE))));
    if (n > ON_FIRST_LINE) {
      message.append("; and ").append(n - ON_FIRST_LINE).append(" more:");
      for (String problem : problems.subList(ON_FIRST_LINE, n)) {
        message.append(System.lineSeparator()).append("  ").append(problem);
      }
    }
    return message.toString();
  }

  /** The weights file. */
  public Path file() {
    return file;
  }

  /** The name of the network it was imported into. */
  public String network() {
    return network;
  }

  /** Every problem, missing tensors first, then unexpected ones, then mismatched ones. */
  public List<String> problems() {
    return problems;
  }
}
