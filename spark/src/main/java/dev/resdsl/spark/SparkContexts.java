package dev.resdsl.spark;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Opens the Spark context a training run asks for by its master URL, with one-line errors for a
 * URL Spark does not know and for a JVM started without the flags Spark needs on Java 17.
 */
public final class SparkContexts {
  /**
   * The JVM flags Spark 3.1 needs on Java 17 with its default Java serialisation (Kryo needs
   * {@code --add-opens=java.base/java.util=ALL-UNNAMED} too); the resdsl script and the tests
   * pass them.
   */
  public static final String JAVA_17_FLAGS =
      "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED";

  /** The packages of {@link #JAVA_17_FLAGS}, checked before Spark fails on one mid-job. */
  private static final List<String> OPENED =
      List.of("java.nio", "sun.nio.ch");

  /** The master URLs Spark accepts, as its SparkContext parses them. */
  private static final Pattern MASTER = Pattern.compile(
      "local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]"
          + "|spark://[^\\s/]+(:\\d+)?(,[^\\s/]+(:\\d+)?)*|yarn|mesos://\\S+|k8s://\\S+");

  private SparkContexts() {}

  /**
   * A context on {@code master}, such as {@code local[2]}, {@code spark://host:7077} or {@code
   * yarn}, named {@code appName}; a local master binds to the loopback address only, no web UI is
   * started and broadcasts are not compressed.
   *
   * @throws IllegalArgumentException naming the fix if the master URL is not one Spark knows or
   *     the JVM lacks {@link #JAVA_17_FLAGS}
   */
  public static JavaSparkContext open(String master, String appName) {
    requireMaster(master);
    requireJvmFlags();
    // Broadcasts are network states, floats that LZ4 does not shrink (a trained ResNet-20's 2.2 MB
    // of parameters and momentum: not a byte), compressed on the driver and decompressed on every
    // worker each round for nothing.
    SparkConf conf = new SparkConf().setMaster(master).setAppName(appName)
        .set("spark.ui.enabled", "false")
        .set("spark.broadcast.compress", "false");
    if (master.startsWith("local")) {
      // A laptop's host name may not resolve; local workers live in this JVM anyway.
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    return new JavaSparkContext(conf);
  }

  /** Checks that {@code master} is a master URL Spark knows. */
  public static void requireMaster(String master) {
    if (!MASTER.matcher(master).matches()) {
      throw new IllegalArgumentException("'" + master + "' is not a Spark master URL: use"
          + " local[N], spark://HOST:PORT, yarn, k8s://URL or mesos://URL");
    }
  }

  /** Checks that this JVM opens to Spark what {@link #JAVA_17_FLAGS} open. */
  public static void requireJvmFlags() {
    Module base = Object.class.getModule();
    Module us = SparkContexts.class.getModule();
    for (String pkg : OPENED) {
      if (!base.isOpen(pkg, us)) {
        throw new IllegalArgumentException("Spark needs the JVM flags " + JAVA_17_FLAGS
            + " on Java 17 (missing: --add-opens=java.base/" + pkg + "=ALL-UNNAMED)");
      }
    }
  }
}
