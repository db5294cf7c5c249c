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
 * is being replaced. Every aimed kill lands mid-replace, asserted: the child is stopped first, and
 * killed only while the target's temporary file is there. After every kill the newest complete
 * checkpoint loads, and --resume continues from it.
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

  /**
   * Sends signals with bash's kill, from one bash process that reads the commands from a pipe: a
   * fresh process per signal takes milliseconds to start, longer than a small file's replacement.
   */
  private static final class Signals {
    private final Process shell;

    Signals(Path log) throws IOException {
      shell = new ProcessBuilder("/bin/bash").redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    }

    void send(String signal, Process child) throws IOException {
      assertTrue(shell.isAlive(), "the bash that sends signals ended");
      shell.getOutputStream().write(("kill -" + signal + " " + child.pid() + "\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      shell.getOutputStream().flush();
    }

    /** Ends the bash once it has sent every signal. */
    void end() throws IOException, InterruptedException {
      shell.getOutputStream().close();
      assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
    }
  }

  /** Stops the child and waits until every one of its threads is stopped. */
  private static void stop(Signals signals, Process child)
      throws IOException, InterruptedException {
    signals.send("STOP", child);
    Path tasks = Path.of("/proc", Long.toString(child.pid()), "task");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      boolean stopped = true;
      try (Stream<Path> threads = Files.list(tasks)) {
        for (Path thread : threads.toList()) {
          String stat = Files.readString(thread.resolve("stat"));
          // The state follows the command name, which is in parentheses.
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          stopped &= state == 'T' || state == 't';
        }
      } catch (java.nio.file.NoSuchFileException e) {
        stopped = false; // a thread ended while being listed
      }
      if (stopped) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "the child did not stop within 10 s");
      Thread.sleep(1);
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
    Map<String, Integer> raced = new TreeMap<>();
    Signals signals = new Signals(tmp.resolve("signals.log"));
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
          // Aimed at the file's replacement: stopped (SIGSTOP) as soon as inotify reports the
          // creation of its temporary file, which AtomicFiles.replace writes, syncs and renames.
          // If the temporary file is still there once the child is stopped, the child is frozen
          // inside the replacement and the kill lands there; if the rename won the race, the
          // child goes on (SIGCONT) to its next write of the file.
          String target = "." + aim + ".";
          for (int write = 1; ; write++) {
            assertTrue(waitForTemporary(out, aim, child), "no write of " + aim + " within 60 s: "
                + Files.readString(log));
            stop(signals, child);
            if (temporary(out).stream().anyMatch(n -> n.startsWith(target))) {
              break;
            }
            raced.merge(aim, 1, Integer::sum);
            signals.send("CONT", child);
            assertTrue(write < 30, "the rename of " + aim + " won 30 races in a row");
          }
        }
      } finally {
        child.destroyForcibly(); // SIGKILL on Linux, stopped or not
        child.waitFor();
      }
      aimed.merge(aim, 1, Integer::sum);
      // A temporary file of the target left behind proves the kill came mid-replacement.
      String prefix = "." + aim + ".";
      if (temporary(out).stream().anyMatch(n -> n.startsWith(prefix))) {
        hit.merge(aim, 1, Integer::sum);
      } else {
        assertEquals("random", aim, "a kill aimed at " + aim + " did not land mid-replace");
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
    signals.end();
    assertEquals("", Files.readString(tmp.resolve("signals.log")), "kill's complaints");
    System.out.println("KillResumeTest: after " + KILLS + " kills at " + done + " epochs; kills"
        + " aimed " + aimed + ", of which left the target's temporary file (killed mid-replace) "
        + hit + "; writes whose rename came before the stop " + raced + "; files left: " + left);
    for (String file : AIMS.subList(1, AIMS.size())) {
      assertEquals(aimed.get(file), hit.get(file), "every kill aimed at " + file + " landed"
          + " mid-replace: " + aimed + " " + hit);
    }
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
