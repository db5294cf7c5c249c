package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * A training process killed with SIGKILL again and again: at random moments, and aimed at the
 * moment each of its files ({@code checkpoint.zip}, {@code metrics.csv}, {@code training.png})
 * is being replaced. After every kill the newest complete checkpoint loads, and --resume continues
 * from it.
 *
 * <p>A soak: {@code mvn -B -ntp -pl examples test -Dtest=KillResumeTest -Dresdsl.kills=200}
 * (default 4, one kill of each kind; see RELIABILITY.md).
 */
class KillResumeTest {
  private static final int KILLS = Integer.getInteger("resdsl.kills", 4);

  /** What kill {@code k} aims at: a random moment, then each file's replacement in turn. */
  private static final List<String> AIMS =
      List.of("random", "checkpoint.zip", "metrics.csv", "training.png");

  private static Process start(Path out, boolean resume, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
        "-cp", System.getProperty("java.class.path"), ResDsl.class.getName(),
        "train", "ResNet20", "--data", "synthetic:64", "--epochs", Integer.toString(KILLS + 50), "--batch", "16",
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

  /**
   * Waits until a new temporary file of {@code target} appears in {@code out}; false after 60 s
   * or if the child ends.
   */
  private static boolean waitForTemporary(Path out, String target, Process child)
      throws IOException, InterruptedException {
    String prefix = "." + target + ".";
    try (WatchService watcher = out.getFileSystem().newWatchService()) {
      out.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline && child.isAlive()) {
        WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
        if (key == null) {
          continue;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
          String name = String.valueOf(event.context());
          if (name.startsWith(prefix) && name.endsWith(".tmp")) {
            return true;
          }
        }
        key.reset();
      }
      return false;
    }
  }

  @Test
  void killedAnyTimeTheCheckpointLoadsAndResumeContinuesFromIt(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("run");
    Path checkpoint = out.resolve("checkpoint.zip");
    Random random = new Random(20_151_210L);
    int done = 0;
    Map<String, Integer> aimed = new TreeMap<>();
    Map<String, Integer> hit = new TreeMap<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      String aim = "none";
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
        aim = AIMS.get((kill - 1) % AIMS.size());
        if (aim.equals("random")) {
          Thread.sleep(random.nextInt(1500));
        } else {
          // Aimed at the file's replacement: killed as soon as inotify reports the creation of
          // its temporary file, which AtomicFiles.replace writes, syncs and renames.
          assertTrue(waitForTemporary(out, aim, child), "no write of " + aim + " within 60 s: "
              + Files.readString(log));
        }
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor();
      }
      aimed.merge(aim, 1, Integer::sum);
      // A temporary file of the target left behind proves the kill came mid-replacement.
      String prefix = "." + aim + ".";
      if (temporary(out).stream().anyMatch(n -> n.startsWith(prefix))) {
        hit.merge(aim, 1, Integer::sum);
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
    System.out.println("KillResumeTest: after " + KILLS + " kills at " + done + " epochs; kills"
        + " aimed " + aimed + ", of which left the target's temporary file (killed mid-replace) "
        + hit + "; files left: " + left);
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
