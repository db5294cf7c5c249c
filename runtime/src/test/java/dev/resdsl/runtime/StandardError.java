package dev.resdsl.runtime;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a piece of code prints on standard error, warnings included: the tests' logging binding
 * writes them there as the command line's does (src/test/resources/simplelogger.properties).
 */
public final class StandardError {
  private StandardError() {}

  /** Runs {@code code} and returns what it printed on {@code System.err}. */
  public static String of(Runnable code) {
    PrintStream before = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      code.run();
    } finally {
      System.setErr(before);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
