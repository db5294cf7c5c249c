package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** One in-process run of the command line, with what it printed. */
record Cli(int status, String out, String err) {

  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ResDsl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Exit status 2, exactly one line on standard error and nothing on standard output. */
  Cli isUsageError(String... args) {
    String what = String.join(" ", args) + "\nstderr: " + err + "\nstdout: " + out;
    assertEquals(2, status, what);
    assertEquals(1, err.lines().count(), what);
    assertTrue(err.startsWith("resdsl: "), what);
    assertFalse(err.contains("\tat ") || err.contains("Exception"), what);
    assertEquals("", out, what);
    return this;
  }

  /** Every file under a folder with its bytes and modification time, to see that none changed. */
  static List<String> snapshot(Path dir) throws IOException {
    List<String> files = new ArrayList<>();
    if (!Files.exists(dir)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted().toList()) {
        if (Files.isRegularFile(p)) {
          files.add(dir.relativize(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
              + Arrays.hashCode(Files.readAllBytes(p)) + " " + Files.size(p));
        }
      }
    }
    return files;
  }
}
