package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.runtime.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The recipe's options, and every bad command line ending in one line and status 2. */
class CommandLineErrorsTest {

  @Test
  void trainDefaultsToThePaperAndTakesEveryOverride() throws UsageException {
    TrainingConfig defaults = TrainCommand.config(dev.resdsl.cli.Arguments.parse("train",
        List.of("ResNet20", "--data", "synthetic"), TrainCommand.OPTIONS, TrainCommand.FLAGS), 10);
    assertEquals(TrainingConfig.paper(10), defaults);
    TrainingConfig c = TrainCommand.config(dev.resdsl.cli.Arguments.parse("train",
        List.of("ResNet20", "--data", "synthetic", "--lr", "0.05", "--momentum=0.8",
            "--weight-decay", "5e-4", "--milestones", "3,7", "--warmup", "0.01", "--no-augment",
            "--batch", "64", "--epochs", "9", "--seed", "-3"),
        TrainCommand.OPTIONS, TrainCommand.FLAGS), 10);
    assertEquals(0.05, c.learningRate());
    assertEquals(0.8, c.momentum());
    assertEquals(5e-4, c.weightDecay());
    assertEquals(List.of(3, 7), c.effectiveMilestones());
    assertEquals(0.01, c.warmupLearningRate());
    assertFalse(c.augment());
    assertEquals(64, c.batchSize());
    assertEquals(9, c.epochs());
    assertEquals(-3, c.seed());
    assertEquals(0.1, c.decayFactor(), "not an option: the paper's");
    assertEquals(0.05 * 0.1 * 0.1, c.learningRateAt(8), 1e-12);
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of("--epochs 0", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--epochs", "0"), "--epochs must be a whole number of at least 1, got '0'"),
        Arguments.of("--epochs x", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--epochs", "x"), "--epochs"),
        Arguments.of("--batch -4", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--batch", "-4"), "--batch"),
        Arguments.of("--lr -1", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--lr", "-1"), "--lr"),
        Arguments.of("--lr 0", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--lr", "0"), "learning rate must be positive"),
        Arguments.of("--momentum 1", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--momentum", "1"), "momentum"),
        Arguments.of("--milestones", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--milestones", "5,x"), "--milestones"),
        Arguments.of("--seed", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--seed", "1.5"), "--seed"),
        Arguments.of("unknown option", List.of("train", "ResNet20", "--data", "synthetic:32",
            "--learning-rate", "0.1"), "unknown option '--learning-rate'"),
        Arguments.of("value missing", List.of("train", "ResNet20", "--data"), "needs a value"),
        Arguments.of("unknown model", List.of("train", "ResNet21", "--data", "synthetic:32"),
            "unknown model 'ResNet21'"),
        Arguments.of("no model", List.of("train", "--data", "synthetic:32"), "model"),
        Arguments.of("missing --data", List.of("train", "ResNet20"), "needs --data"),
        Arguments.of("unknown data kind", List.of("train", "ResNet20", "--data", "imagenet:/x"),
            "unknown data source"),
        Arguments.of("bad synthetic size", List.of("train", "ResNet20", "--data", "synthetic:0"),
            "synthetic:0"),
        Arguments.of("missing data folder", List.of("train", "ResNet20", "--data",
            "cifar10:/no/such/dir"), "/no/such/dir"),
        Arguments.of("missing fashion-mnist folder", List.of("train", "ResNet20", "--data",
            "fashion-mnist:/no/such/dir"), "/no/such/dir"),
        Arguments.of("eval without checkpoint option", List.of("eval", "ResNet20", "--data",
            "synthetic:32"), "needs --checkpoint"),
        Arguments.of("predict without images", List.of("predict", "ResNet20", "--checkpoint",
            "x.zip"), "at least one image"),
        Arguments.of("degradation --schedule", List.of("degradation", "--schedule", "weekly"),
            "unknown --schedule 'weekly': use one of constant, steps"),
        Arguments.of("degradation --every 0", List.of("degradation", "--every", "0"),
            "--every must be a whole number of at least 1"),
        Arguments.of("degradation positional", List.of("degradation", "ResNet20"),
            "takes only options"),
        Arguments.of("degradation missing data", List.of("degradation", "--data",
            "fashion-mnist:/no/such/dir"), "/no/such/dir"),
        Arguments.of("degradation --networks", List.of("degradation", "--networks",
            "ResNet-20,ResNet-34"), "unknown network 'ResNet-34' in --networks"),
        Arguments.of("degradation --warmup", List.of("degradation", "--warmup", "2"),
            "--warmup must be in [0, 1)"),
        Arguments.of("predict --top 0", List.of("predict", "ResNet20", "--checkpoint", "x.zip",
            "--top", "0", "a.png"), "--top"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLineEndsWithOneLineAndWritesNothing(String name, List<String> args,
      String expected, @TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    String[] full = args.get(0).equals("train")
        ? Stream.concat(Stream.of("train", "--out", out.toString()),
            args.stream().skip(1)).toArray(String[]::new)
        : args.toArray(String[]::new);
    Cli cli = Cli.run(full).isUsageError(full);
    assertTrue(cli.err().contains(expected), cli.err());
    assertFalse(Files.exists(out), "nothing written");
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void missingOrCorruptCheckpointIsOneLineAndLeftAlone(@TempDir Path tmp) throws IOException {
    Path missing = tmp.resolve("none.zip");
    Cli eval = Cli.run("eval", "ResNet20", "--checkpoint", missing.toString(), "--data",
        "synthetic:32").isUsageError();
    assertTrue(eval.err().contains("no such file") && eval.err().contains("none.zip"),
        eval.err());
    Cli predict = Cli.run("predict", "ResNet20", "--checkpoint", missing.toString(), "a.png")
        .isUsageError();
    assertTrue(predict.err().contains("none.zip"), predict.err());

    Path corrupt = tmp.resolve("run").resolve("checkpoint.zip");
    Files.createDirectories(corrupt.getParent());
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    Files.write(corrupt, noise);
    List<String> before = Cli.snapshot(tmp);
    Cli.run("eval", "ResNet20", "--checkpoint", corrupt.toString(), "--data", "synthetic:32")
        .isUsageError();
    Cli.run("predict", "ResNet20", "--checkpoint", corrupt.toString(), "a.png").isUsageError();
    Cli resume = Cli.run("train", "ResNet20", "--data", "synthetic:32", "--resume", "--out",
        corrupt.getParent().toString()).isUsageError();
    assertTrue(resume.err().contains("checkpoint.zip"), resume.err());
    // A zip that is not a checkpoint.
    Path zip = tmp.resolve("other.zip");
    try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
      z.write("hi".getBytes());
    }
    Cli notOurs = Cli.run("eval", "ResNet20", "--checkpoint", zip.toString(), "--data",
        "synthetic:32").isUsageError();
    assertTrue(notOurs.err().contains("not a ResDSL checkpoint"), notOurs.err());
    before.add(Cli.snapshot(tmp).stream().filter(s -> s.startsWith("other.zip")).findFirst()
        .orElseThrow());
    assertEquals(before.stream().sorted().toList(), Cli.snapshot(tmp).stream().sorted().toList(),
        "files untouched");
  }

  @Test
  void aZipBombCheckpointIsRefusedInOneLineNamingTheEntry(@TempDir Path tmp) throws IOException {
    Path good = tmp.resolve("good.zip");
    ResNet20.create(1).save(good);
    Map<String, CraftedZip.Entry> entries = CraftedZip.read(good);
    byte[] coefficients = entries.get("coefficients.bin").content();
    // The crafted zip itself is sound: written with honest sizes, it loads.
    Path honest = tmp.resolve("honest.zip");
    CraftedZip.write(honest, List.copyOf(entries.values()));
    assertEquals(ResNet20.load(good).graph().params(), ResNet20.load(honest).graph().params());

    // coefficients.bin claims to inflate to 3 GB, in both headers.
    Path bomb = tmp.resolve("bomb.zip");
    Map<String, CraftedZip.Entry> bombed = new LinkedHashMap<>(entries);
    bombed.put("coefficients.bin",
        new CraftedZip.Entry("coefficients.bin", coefficients, 3_000_000_000L, 3_000_000_000L));
    CraftedZip.write(bomb, List.copyOf(bombed.values()));
    Cli cli = Cli.run("eval", "ResNet20", "--checkpoint", bomb.toString(), "--data",
        "synthetic:32").isUsageError();
    assertEquals("resdsl: " + bomb + " is a damaged checkpoint: its entry coefficients.bin"
        + " inflates to 3,000,000,000 bytes, more than the 2,147,483,639 Deeplearning4j can read"
        + " (a zip bomb, or not a checkpoint)", cli.err().strip());

    // Only the local header claims it, which the zip's directory does not: Deeplearning4j's own
    // refusal has no message (the line read "damaged checkpoint: null"), and the line says why.
    Path local = tmp.resolve("local.zip");
    bombed.put("coefficients.bin",
        new CraftedZip.Entry("coefficients.bin", coefficients, 3_000_000_000L,
            coefficients.length));
    CraftedZip.write(local, List.copyOf(bombed.values()));
    cli = Cli.run("predict", "ResNet20", "--checkpoint", local.toString(), "a.png")
        .isUsageError();
    assertEquals("resdsl: " + local + " is a damaged checkpoint: an entry is a folder or claims"
        + " more than 2,147,483,647 bytes in its local header, which Deeplearning4j cannot read (a"
        + " zip bomb, or not a checkpoint)", cli.err().strip());

    // An entry of ours that really inflates to 65 MB is not read whole.
    Path text = tmp.resolve("text.zip");
    Map<String, CraftedZip.Entry> padded = new LinkedHashMap<>(entries);
    padded.put("resdsl-architecture.txt",
        new CraftedZip.Entry("resdsl-architecture.txt", new byte[65 << 20]));
    CraftedZip.write(text, List.copyOf(padded.values()));
    Files.move(text, Files.createDirectories(tmp.resolve("run")).resolve("checkpoint.zip"));
    cli = Cli.run("train", "ResNet20", "--data", "synthetic:32", "--epochs", "2", "--resume",
        "--out", tmp.resolve("run").toString()).isUsageError();
    assertEquals("resdsl: " + tmp.resolve("run").resolve("checkpoint.zip") + " is a damaged"
        + " checkpoint: its entry resdsl-architecture.txt inflates to more than the 67,108,864"
        + " bytes of text it can hold (a zip bomb, or not a checkpoint)", cli.err().strip());
  }

  @Test
  void resumeWithoutACheckpointIsOneLineAndCreatesNothing(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    Cli cli = Cli.run("train", "ResNet20", "--data", "synthetic:32", "--resume", "--out",
        out.toString()).isUsageError();
    assertTrue(cli.err().contains("--resume: there is no"), cli.err());
    assertFalse(Files.exists(out));
  }
}
