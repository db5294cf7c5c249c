package dev.resdsl.runtime.data;

/**
 * Derives independent seeds from a base seed and indices, so that every image, epoch and sample
 * gets its own reproducible random stream whatever order or batch size it is produced in.
 */
public final class Seeds {
  private Seeds() {}

  /** A seed for the stream named by {@code base} and the given indices. */
  public static long derive(long base, long... indices) {
    long h = mix(base ^ 0x9E3779B97F4A7C15L);
    for (long index : indices) {
      h = mix(h + 0x9E3779B97F4A7C15L * (index + 1));
    }
    return h;
  }

  /** A seed for the stream named by {@code base} and a label such as a class name. */
  static long derive(long base, String label) {
    return derive(base, label.hashCode(), label.length());
  }

  // SplitMix64's finaliser: consecutive inputs give statistically independent outputs.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
