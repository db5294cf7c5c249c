package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --spark local[2]}, resumed, then {@code eval} of the checkpoint it kept. */
class SparkTrainEvalTest {
  private static final String[] DATA = {"--data", "synthetic:64", "--batch", "32", "--seed", "3"};

  private static Cli train(Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "ResNet20"));
    args.addAll(List.of(DATA));
    args.addAll(List.of("--out", out.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void trainOnSparkResumeOnSparkThenEval(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("spark");
    Cli first = train(out, "--epochs", "1", "--spark", "local[2]", "--spark-averaging", "1");
    assertEquals(0, first.status(), first.err());
    assertTrue(first.err().contains("resdsl: on Spark local[2]: 2 workers of batch 32, parameters"
        + " averaged every 1 steps"), first.err());
    assertTrue(first.out().contains("ResNet20 after 1 epochs: test accuracy"), first.out());
    Cli second = train(out, "--epochs", "2", "--resume", "--spark", "local[2]");
    assertEquals(0, second.status(), second.err());
    assertTrue(second.err().contains("resuming ResNet20 after epoch 1, step 2"), second.err());
    TrainingState state = TrainingCheckpoint.readState(out.resolve("checkpoint.zip"))
        .orElseThrow();
    assertEquals(2, state.epochsDone());
    assertEquals(4, state.iteration(), "2 batches of 32 an epoch");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(3, metrics.size(), metrics.toString());
    assertTrue(Files.size(out.resolve("training.png")) > 0);

    Cli eval = Cli.run("eval", "ResNet20", "--checkpoint", out.resolve("checkpoint.zip").toString(),
        "--data", "synthetic:64", "--seed", "3");
    assertEquals(0, eval.status(), eval.err());
    assertTrue(eval.out().startsWith("ResNet20 on synthetic:64: 10 images: top-1 accuracy"),
        eval.out());
    // The test error of the last row is eval's: the same network on the same test images.
    double testError = Double.parseDouble(metrics.get(2).split(",")[3]);
    assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "(error %.2f%%)",
        100 * testError)), eval.out() + " vs " + metrics.get(2));
  }

  @Test
  void aDriverKilledMidRunResumesFromItsLastEpochKeepingEveryRowItWrote(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("killed");
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
    command.addAll(List.of(dev.resdsl.spark.SparkContexts.JAVA_17_FLAGS.split(" ")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ResDsl.class.getName(), "train", "ResNet20", "--data", "synthetic:640", "--batch", "32",
        "--seed", "3", "--epochs", "3", "--spark", "local[2]", "--out", out.toString()));
    Process driver = new ProcessBuilder(command)
        .redirectOutput(tmp.resolve("stdout").toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    Path metrics = out.resolve("metrics.csv");
    List<String> kept = List.of();
    try {
      // Killed (SIGKILL: no shutdown hook runs) once the first epoch is kept, during a later one.
      long deadline = System.nanoTime() + 600_000_000_000L;
      while (kept.size() < 2 && driver.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        kept = Files.exists(metrics) ? Files.readAllLines(metrics) : List.of();
      }
      assertTrue(driver.isAlive(), "the run ended before it could be killed: "
          + Files.readString(tmp.resolve("stderr")));
    } finally {
      driver.destroyForcibly().waitFor();
    }
    kept = Files.readAllLines(metrics);
    int epochsKept = kept.size() - 1;
    assertTrue(epochsKept >= 1 && epochsKept < 3, kept.toString());

    Cli resumed = Cli.run("train", "ResNet20", "--data", "synthetic:640", "--batch", "32",
        "--seed", "3", "--epochs", "3", "--resume", "--spark", "local[2]", "--out",
        out.toString());
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.err().contains("resuming ResNet20 after epoch " + epochsKept + ", step "
        + 20 * epochsKept), resumed.err());
    List<String> rows = Files.readAllLines(metrics);
    assertEquals(kept, rows.subList(0, kept.size()), "rows written before the kill are kept");
    assertEquals(4, rows.size(), rows.toString());
    TrainingState state = TrainingCheckpoint.readState(out.resolve("checkpoint.zip"))
        .orElseThrow();
    assertEquals(3, state.epochsDone());
    assertEquals(60, state.iteration(), "20 batches of 32 an epoch");
    assertEquals(List.of("checkpoint.zip", "metrics.csv", "training.png"),
        Cli.snapshot(out).stream().map(line -> line.split(" ")[0]).toList(),
        "no file half-written at the kill is left");
  }

  @Test
  void aJvmWithoutTheFlagsEndsTrainOnSparkWithOneLineAndStatus2(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("run");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), ResDsl.class.getName(), "train", "ResNet20",
        "--data", "synthetic:32", "--spark", "local[2]", "--out", out.toString())
        .redirectOutput(tmp.resolve("stdout").toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "train did not end");
    String err = Files.readString(tmp.resolve("stderr"));
    assertEquals(2, child.exitValue(), err);
    assertEquals(List.of("resdsl: train: --spark: Spark needs the JVM flags"
        + " --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
        + " on Java 17 (missing: --add-opens=java.base/java.nio=ALL-UNNAMED)"), err.lines().toList());
    assertEquals("", Files.readString(tmp.resolve("stdout")));
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void badSparkOptionsEndWithOneLineAndTouchNothing(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("bad");
    Cli master = train(out, "--spark", "lokal[2]").isUsageError();
    assertTrue(master.err().contains("'lokal[2]' is not a Spark master URL"), master.err());
    Cli averaging = train(out, "--spark", "local[2]", "--spark-averaging", "0").isUsageError();
    assertTrue(averaging.err().contains("--spark-averaging"), averaging.err());
    Cli alone = train(out, "--spark-averaging", "3").isUsageError();
    assertTrue(alone.err().contains("needs --spark"), alone.err());
    assertEquals(List.of(), Cli.snapshot(out));
  }

  /** Writes {@code count} 8x8 PNGs a class into {@code dir/CLASS/}, each class its own colour. */
  private static void writeFolder(Path dir, int count) throws IOException {
    java.util.Random random = new java.util.Random(11);
    String[] classes = {"dark", "light"};
    for (int c = 0; c < classes.length; c++) {
      Path folder = Files.createDirectories(dir.resolve(classes[c]));
      for (int i = 0; i < count; i++) {
        java.awt.image.BufferedImage image =
            new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            int v = 60 * c + 40 + random.nextInt(100);
            image.setRGB(x, y, (v << 16) | (v << 8) | v);
          }
        }
        javax.imageio.ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
      }
    }
  }

  @Test
  void trainOnAFolderTheExecutorsReadThenEvalItOnOneMachine(@TempDir Path tmp)
      throws IOException {
    Path data = tmp.resolve("images");
    writeFolder(data, 20);
    Path out = tmp.resolve("run");
    Cli trained = Cli.run("train", "ResNet20", "--data", "folder:" + data, "--batch", "8",
        "--epochs", "1", "--seed", "3", "--spark", "local[2]", "--out", out.toString());
    assertEquals(0, trained.status(), trained.err());
    assertTrue(trained.err().contains("resdsl: folder:" + data + ": converting 3x8x8 images to"
        + " the model's input 3x32x32 (resized bilinearly)"), trained.err());
    assertTrue(trained.err().contains("36 training and 4 test images"), trained.err());
    assertTrue(trained.out().contains("ResNet20 after 1 epochs: test accuracy"), trained.out());
    Cli eval = Cli.run("eval", "ResNet20", "--checkpoint", out.resolve("checkpoint.zip").toString(),
        "--data", "folder:" + data, "--seed", "3");
    assertEquals(0, eval.status(), eval.err());
    // The test error of the epoch, measured on the executors, is eval's on this machine.
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    double testError = Double.parseDouble(metrics.get(1).split(",")[3]);
    assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "(error %.2f%%)",
        100 * testError)), eval.out() + " vs " + metrics.get(1));
  }

  @Test
  void aBadFolderOnSparkEndsWithOneLineAndStatus2(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("bad");
    Cli missing = Cli.run("train", "ResNet20", "--data", "folder:" + tmp.resolve("none"),
        "--spark", "local[1]", "--out", out.toString()).isUsageError();
    assertTrue(missing.err().contains("no directory " + tmp.resolve("none")), missing.err());
    Path data = tmp.resolve("images");
    writeFolder(data, 3);
    Files.writeString(data.resolve("light").resolve("1.png"), "not an image");
    Cli unreadable = Cli.run("train", "ResNet20", "--data", "folder:" + data,
        "--spark", "local[1]", "--out", out.toString()).isUsageError();
    assertTrue(unreadable.err().contains("1.png"), unreadable.err());
    assertEquals(List.of(), Cli.snapshot(out));
  }
}
