package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resdsl demo}, on a short run: its files, its seed, its refusals. Its accuracy over five
 * epochs is measured per seed in BENCHMARKS.md ("The demo"), not here: minutes, not a unit test.
 */
class DemoTest {

  @Test
  void demoTrainsWithTheSeedAskedForAndKeepsItsFiles(@TempDir Path dir) throws IOException {
    Cli cli = Cli.run("demo", "--images", "240", "--epochs", "1", "--seed", "7", "--out",
        dir.toString());
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.out().startsWith("ResDSL demo: the paper's CIFAR ResNet-20"), cli.out());
    assertTrue(cli.out().contains("240 synthetic 32x32 images of 10 classes, seed 7."),
        cli.out());
    assertTrue(cli.out().contains("ResNet20 after 1 epochs: test accuracy"), cli.out());
    assertEquals(ResDsl.backendLine(), cli.err().lines().findFirst().orElseThrow(), cli.err());
    for (String file : List.of("checkpoint.zip", "metrics.csv", "training.png")) {
      assertTrue(Files.isRegularFile(dir.resolve(file)), file);
    }
    // The seed reached the run (data, initialisation, order), not only the headline.
    TrainingState state = TrainingCheckpoint.readState(dir.resolve("checkpoint.zip"))
        .orElseThrow();
    assertEquals(7, state.seed());
    assertEquals(1, state.epochsDone());
  }

  @Test
  void aBadSeedIsOneLineAndLeavesTheEarlierDemoAlone(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("metrics.csv"), "an earlier demo's metrics\n");
    List<String> before = Cli.snapshot(dir);
    for (List<String> args : List.of(List.of("--seed", "1.5"), List.of("--seed", "x"),
        List.of("--seed"))) {
      String[] full = Stream.concat(Stream.of("demo", "--out", dir.toString()), args.stream())
          .toArray(String[]::new);
      Cli cli = Cli.run(full).isUsageError(full);
      assertTrue(cli.err().startsWith("resdsl: demo: --seed "), cli.err());
    }
    assertEquals(before, Cli.snapshot(dir), "the earlier demo's files are untouched");
  }

  @Test
  void theDefaultDemoTrainsOnFullBatchesOnly() {
    // A last batch of a few images (5,000 = 39 x 128 + 8) at learning rate 0.1 sometimes wrecked
    // the network: BENCHMARKS.md, "The demo".
    assertEquals(0, Demo.TRAIN_IMAGES % TrainingConfig.paper(Demo.EPOCHS).batchSize());
  }
}
