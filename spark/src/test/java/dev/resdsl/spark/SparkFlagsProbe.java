package dev.resdsl.spark;

/**
 * Run in a JVM of its own by {@link SparkTrainerTest}, started without the flags Spark needs on
 * Java 17: opens a local context and prints the refusal's message, then exits with status 2.
 */
public final class SparkFlagsProbe {
  private SparkFlagsProbe() {}

  /** Prints {@code refused: MESSAGE} (status 2), or {@code opened} (status 0). */
  public static void main(String[] args) {
    try {
      SparkContexts.open("local[1]", "probe").close();
      System.out.println("opened");
    } catch (IllegalArgumentException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(2);
    }
  }
}
