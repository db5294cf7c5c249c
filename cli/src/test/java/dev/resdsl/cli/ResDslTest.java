package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.NetworkFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process as the script runs it. */
class ResDslTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ResDsl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void listNamesEveryModelWithItsCounts() {
    assertEquals(0, run("list"));
    for (NetworkFactory model : NetworkCatalog.all()) {
      assertTrue(out().contains(model.name() + " "), model.name());
    }
    assertTrue(out().contains("25,557,032"));
    assertTrue(out().contains("269,722"));
  }

  @Test
  void summaryTableEndsInTheCompilersTotals() {
    assertEquals(0, run("summary", "ResNet20"));
    String last = out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.startsWith("total") && last.contains("269,722") && last.contains("40,551,040"),
        last);
    assertTrue(out().contains("zero-pad"), "option A shortcuts are listed");
  }

  @Test
  void summaryDrawsTheGraphAsDotAndMermaid() {
    assertEquals(0, run("summary", "resnet20", "--format", "dot"));
    assertTrue(out().startsWith("digraph"));
    assertTrue(out().contains("\"stage1_block1_add\" -> \"stage1_block1\""), out());
    out.reset();
    assertEquals(0, run("summary", "ResNet20", "--format=mermaid"));
    assertTrue(out().startsWith("flowchart TD"));
    assertTrue(out().contains(" --> "));
  }

  @Test
  void badArgumentsEndWithOneLineAndStatus2() {
    assertEquals(2, run("summary", "ResNet21"));
    assertTrue(err().contains("unknown model 'ResNet21'") && err().contains("ResNet20"), err());
    assertEquals(1, err().strip().lines().count());
    err.reset();
    assertEquals(2, run("summary", "ResNet20", "--format", "svg"));
    assertTrue(err().contains("unknown format 'svg'"), err());
    err.reset();
    assertEquals(2, run("frobnicate"));
    assertTrue(err().contains("unknown command 'frobnicate'"), err());
    err.reset();
    assertEquals(2, run());
    assertEquals(2, run("summary"));
    assertEquals(2, run("list", "extra"));
    assertEquals("", out());
  }

  @Test
  void demoTrainsAndReportsTestAccuracy(@TempDir Path dir) {
    assertEquals(0, run("demo", "--images", "240", "--epochs", "1", "--out", dir.toString()),
        err());
    assertTrue(out().contains("ResNet20 after 1 epochs: test accuracy"), out());
    assertTrue(Files.isRegularFile(dir.resolve("checkpoint.zip")));
    assertTrue(Files.isRegularFile(dir.resolve("metrics.csv")));
    assertTrue(Files.isRegularFile(dir.resolve("training.png")));
    assertTrue(err().contains("ND4J CPU backend, native build"), err());
  }
}
