package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.NetworkFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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

  /** The first line on standard error, which must be the backend line. */
  private String firstErrorLine() {
    return err().lines().findFirst().orElse("(nothing on standard error)");
  }

  private static void png(Path file, int width, int height) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (31 * x + 17 * y + width) & 0xFFFFFF);
      }
    }
    assertTrue(ImageIO.write(image, "png", file.toFile()));
  }

  @Test
  void everyCommandThatLoadsNd4jPrintsTheBackendLineFirstBeforeAnyNotice(@TempDir Path tmp)
      throws IOException {
    String backend = ResDsl.backendLine();
    assertTrue(backend.startsWith("resdsl: ND4J CPU backend, native build "), backend);
    // A folder of images of another size than ResNet20's: train and eval print a conversion
    // notice while they read it, and that notice comes after the backend line.
    Path data = tmp.resolve("data");
    for (int i = 0; i < 3; i++) {
      png(data.resolve("train/cats/" + i + ".png"), 40, 36);
      png(data.resolve("train/dogs/" + i + ".png"), 36, 40);
      png(data.resolve("test/cats/" + i + ".png"), 40, 36);
      png(data.resolve("test/dogs/" + i + ".png"), 36, 40);
    }
    Path run = tmp.resolve("run");
    assertEquals(0, run("train", "ResNet20", "--data", "folder:" + data, "--epochs", "1",
        "--batch", "6", "--out", run.toString()), err());
    List<String> lines = err().lines().toList();
    assertEquals(backend, lines.get(0), err());
    assertTrue(lines.get(1).startsWith("resdsl: folder:" + data + ": converting images"), err());
    assertTrue(lines.get(2).startsWith("resdsl: training ResNet20"), err());

    err.reset();
    assertEquals(0, run("train", "ResNet20", "--data", "folder:" + data, "--epochs", "2",
        "--batch", "6", "--seed", "5", "--resume", "--out", run.toString()), err());
    lines = err().lines().toList();
    assertEquals(backend, lines.get(0), err());
    assertTrue(lines.get(1).contains("converting images"), err());
    assertEquals("resdsl: resuming with the checkpoint's seed 42, not 5", lines.get(2), err());
    assertEquals("resdsl: resuming ResNet20 after epoch 1, step 1", lines.get(3), err());

    String checkpoint = run.resolve("checkpoint.zip").toString();
    err.reset();
    assertEquals(0, run("eval", "ResNet20", "--checkpoint", checkpoint, "--data",
        "folder:" + data), err());
    lines = err().lines().toList();
    assertEquals(backend, lines.get(0), err());
    assertTrue(lines.get(1).contains("converting images"), err());

    // A checkpoint that records no normalisation: predict's notice comes after the line too.
    Path saved = tmp.resolve("saved.zip");
    NetworkCatalog.find("ResNet20").orElseThrow().create(1).save(saved);
    err.reset();
    assertEquals(0, run("predict", "ResNet20", "--checkpoint", saved.toString(),
        data.resolve("test/cats/0.png").toString()), err());
    lines = err().lines().toList();
    assertEquals(backend, lines.get(0), err());
    assertTrue(lines.get(1).contains("records no normalisation"), err());

    err.reset();
    assertEquals(0, run("summary", "ResNet20", "--format", "dot"));
    assertEquals(List.of(backend), err().lines().toList(), "summary's output stays on stdout");

    err.reset();
    assertEquals(0, run("bench", "ResNet20", "--batch", "2", "--iterations", "1"), err());
    assertEquals(backend, firstErrorLine());
  }

  @Test
  void listLoadsNoNd4jAndSoPrintsNoBackendLine() throws Exception {
    assertEquals(0, run("list"));
    assertEquals("", err(), "nothing on standard error");
    // In a JVM of its own (this one has loaded ND4J for other tests): no class of ND4J's loads.
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-verbose:class",
        "-cp", System.getProperty("java.class.path"), ResDsl.class.getName(), "list")
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "list did not end");
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("ResNet1202"), "the list was printed: " + output);
    assertTrue(output.contains("[class,load] dev.resdsl.examples.ResNet20 "),
        "-verbose:class lists loaded classes: " + output);
    List<String> nd4j = output.lines()
        .filter(l -> l.contains("[class,load] org.nd4j.") || l.contains("[class,load] org.bytedeco."))
        .toList();
    assertEquals(List.of(), nd4j);
  }
}
