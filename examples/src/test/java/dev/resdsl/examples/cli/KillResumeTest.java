package dev.resdsl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * A training process killed with SIGKILL at random moments while it rewrites its checkpoint: the
 * checkpoint always loads, and --resume continues from it.
 */
class KillResumeTest {
  private static final int KILLS = 4;

  private static Process start(Path out, boolean resume, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-cp", System.getProperty("java.class.path"), ResDsl.class.getName(),
        "train", "ResNet20", "--data", "synthetic:64", "--epochs", "50", "--batch", "16",
        "--out", out.toString()));
    if (resume) {
      command.add("--resume");
    }
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  /** Completed epochs in the checkpoint, or -1 if there is none yet. */
  private static int epochsDone(Path checkpoint) throws IOException {
    return Files.exists(checkpoint)
        ? TrainingCheckpoint.readState(checkpoint).orElseThrow().epochsDone()
        : -1;
  }

  /** Temporary files in the folder (a write under way, or left by a kill). */
  private static List<String> temporary(Path out) {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Test
  void killedAnyTimeTheCheckpointLoadsAndResumeContinuesFromIt(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("run");
    Path checkpoint = out.resolve("checkpoint.zip");
    Random random = new Random(20_151_210L);
    int done = 0;
    int writesHit = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      Path log = tmp.resolve("child" + kill + ".log");
      Process child = start(out, kill > 1, log);
      try {
        // Until the child has checkpointed an epoch of its own, then a random moment more:
        // training, evaluating or writing files.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (epochsDone(checkpoint) <= done) {
          assertTrue(child.isAlive(), "child " + kill + " ended: " + Files.readString(log));
          assertTrue(System.nanoTime() < deadline, "no new checkpoint: " + Files.readString(log));
          Thread.sleep(50);
        }
        if (kill % 2 == 0) {
          // Aim at the checkpoint's write: as soon as its new temporary file shows.
          List<String> stale = temporary(out);
          long aim = System.nanoTime() + 15_000_000_000L;
          boolean writing = false;
          while (!writing && System.nanoTime() < aim && child.isAlive()) {
            writing = temporary(out).stream()
                .anyMatch(n -> n.startsWith(".checkpoint.zip.") && !stale.contains(n));
            if (!writing) {
              Thread.sleep(1);
            }
          }
          writesHit += writing ? 1 : 0;
        } else {
          Thread.sleep(random.nextInt(1500));
        }
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor();
      }
      String childLog = Files.readString(log);
      if (kill > 1) {
        assertTrue(childLog.contains("resuming ResNet20 after epoch " + done), childLog);
      }
      ResNet20 loaded = ResNet20.load(checkpoint);
      assertTrue(BooleanIndexing.and(loaded.graph().params(), Conditions.isFinite()));
      int now = epochsDone(checkpoint);
      assertTrue(now > done, "kill " + kill + ": " + now + " epochs after " + done);
      done = now;
    }
    // The temporary files a kill can leave behind do not confuse the next run.
    List<String> left;
    try (Stream<Path> files = Files.list(out)) {
      left = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    System.out.println("after " + KILLS + " kills (" + writesHit + " while writing) at " + done
        + " epochs: " + left);
    Cli last = Cli.run("train", "ResNet20", "--data", "synthetic:64", "--epochs",
        Integer.toString(done + 1), "--batch", "16", "--resume", "--out", out.toString());
    assertEquals(0, last.status(), last.err());
    assertTrue(last.err().contains("resuming ResNet20 after epoch " + done), last.err());
    assertEquals(done + 1, epochsDone(checkpoint));
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(done + 2, metrics.size(), "a row for every epoch: " + metrics);
    for (int epoch = 1; epoch <= done + 1; epoch++) {
      assertTrue(metrics.get(epoch).startsWith(epoch + ","), metrics.toString());
    }
    assertEquals(List.of(), temporary(out), "the resumed run removed what the kills left");
  }
}
