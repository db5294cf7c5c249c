package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while training writes its files, simulated portably by a file size limit on a child
 * JVM ({@code ulimit -f}, RLIMIT_FSIZE): a write beyond it fails with EFBIG, "File too large"
 * (HotSpot ignores SIGXFSZ, so the process lives to report it). Training ends with one line and
 * status 1; the previous checkpoint stays byte for byte, loads and resumes; nothing half-written
 * or temporary is left. See RELIABILITY.md.
 */
class FullDiskTest {

  /** Runs {@code resdsl train ARGS} in a child JVM whose files may not exceed {@code kib} KiB. */
  private static Child train(long kib, Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("train"));
    command.addAll(List.of(args));
    return resdsl(kib, log, command.toArray(String[]::new));
  }

  /** Runs {@code resdsl ARGS} in a child JVM whose files may not exceed {@code kib} KiB. */
  static Child resdsl(long kib, Path log, String... args) throws Exception {
    Path bash = Path.of("/bin/bash");
    assertTrue(Files.isExecutable(bash), "this test needs /bin/bash to set ulimit -f");
    List<String> command = new ArrayList<>(List.of(bash.toString(), "-c",
        "ulimit -f " + kib + " && exec \"$0\" \"$@\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
        ResDsl.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the child did not end in 5 minutes");
    return new Child(process.exitValue(), Files.readString(log));
  }

  /** A child's exit status and everything it printed. */
  record Child(int status, String log) {}

  /** The names of the files in {@code dir}, temporary ones included; none if it is missing. */
  static List<String> names(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aFullDiskEndsTrainingWithOneLineAndKeepsThePreviousCheckpoint(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("run");
    Path checkpoint = out.resolve(TrainingCheckpoint.FILE_NAME);
    Cli first = Cli.run("train", "ResNet20", "--data", "synthetic:64", "--epochs", "1",
        "--batch", "16", "--out", out.toString());
    assertEquals(0, first.status(), first.err());
    byte[] before = Files.readAllBytes(checkpoint);
    List<String> files = Cli.snapshot(out);
    // Half the checkpoint's size: metrics.csv and training.png would fit, the checkpoint not.
    long kib = before.length / 1024 / 2;
    assertTrue(kib > 64, "a checkpoint of " + before.length + " bytes is too small to test");

    Child full = train(kib, tmp.resolve("full.log"), "ResNet20", "--data", "synthetic:64",
        "--epochs", "2", "--batch", "16", "--resume", "--out", out.toString());
    String expected = "resdsl: cannot write " + checkpoint.toAbsolutePath()
        + ": no space left (File too large); the previous checkpoint is kept";
    assertEquals(1, full.status(), full.log());
    assertTrue(full.log().lines().anyMatch(expected::equals), "expected\n" + expected + "\nin\n"
        + full.log());
    assertTrue(full.log().lines().noneMatch(l -> l.contains("\tat ") || l.contains("Exception")),
        full.log());
    assertArrayEquals(before, Files.readAllBytes(checkpoint), "the checkpoint is unchanged");
    assertEquals(files, Cli.snapshot(out), "no file changed, none added (no temporary file)");
    assertEquals(1, TrainingCheckpoint.readState(checkpoint).orElseThrow().epochsDone());
    ResNet20.load(checkpoint);

    // With room again, --resume continues from the kept checkpoint.
    Cli resumed = Cli.run("train", "ResNet20", "--data", "synthetic:64", "--epochs", "2",
        "--batch", "16", "--resume", "--out", out.toString());
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.err().contains("resuming ResNet20 after epoch 1"), resumed.err());
    assertEquals(2, TrainingCheckpoint.readState(checkpoint).orElseThrow().epochsDone());
    assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size());

    // A first run that cannot write its first checkpoint leaves no file at all.
    Path fresh = tmp.resolve("fresh");
    Child none = train(kib, tmp.resolve("fresh.log"), "ResNet20", "--data", "synthetic:64",
        "--epochs", "1", "--batch", "16", "--out", fresh.toString());
    assertEquals(1, none.status(), none.log());
    String nothing = "resdsl: cannot write "
        + fresh.resolve(TrainingCheckpoint.FILE_NAME).toAbsolutePath()
        + ": no space left (File too large); no checkpoint was written";
    assertTrue(none.log().lines().anyMatch(nothing::equals), "expected\n" + nothing + "\nin\n"
        + none.log());
    assertEquals(List.of(), names(fresh), "nothing half-written");
  }
}
