package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.exec.FastPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code resdsl bench}: the closing line that scripts read, and its argument checks. */
class BenchCommandTest {
  private static final Pattern LAST_LINE =
      Pattern.compile("ResNet20 (infer|train) batch=4 images_per_s=(\\d+\\.\\d{2})");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ResDsl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String lastLine() {
    return out.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse("");
  }

  @Test
  void printsImagesPerSecondLastForBothModes() {
    for (String mode : new String[] {"infer", "train"}) {
      out.reset();
      assertEquals(0, run("bench", "ResNet20", "--batch", "4", "--mode", mode,
          "--iterations", "1"));
      Matcher m = LAST_LINE.matcher(lastLine());
      assertTrue(m.matches(), lastLine());
      assertEquals(mode, m.group(1));
      assertTrue(Double.parseDouble(m.group(2)) > 0);
    }
  }

  @Test
  void theOnnxruntimeEngineIsNamedOnTheLineBeforeItsImagesPerSecond() {
    assertEquals(0, run("bench", "ResNet20", "--batch", "4", "--iterations", "1", "--engine",
        "onnxruntime"));
    List<String> lines = out.toString(StandardCharsets.UTF_8).strip().lines().toList();
    Matcher m = LAST_LINE.matcher(lines.get(lines.size() - 1));
    assertTrue(m.matches(), lines.toString());
    assertEquals("infer", m.group(1));
    assertTrue(Double.parseDouble(m.group(2)) > 0);
    assertEquals("engine: onnxruntime 1.22.0 (CPU, 2 intra-op threads), running the network"
        + " exported to ONNX", lines.get(lines.size() - 2));
  }

  @Test
  void theResdslEngineIsNamedOnTheLineBeforeItsImagesPerSecond() {
    assertEquals(0, run("bench", "ResNet20", "--batch", "4", "--iterations", "1"));
    List<String> lines = out.toString(StandardCharsets.UTF_8).strip().lines().toList();
    assertEquals("engine: resdsl", lines.get(lines.size() - 2));
  }

  @Test
  void theOnnxruntimeEngineRefusesToTrainAndAnUnknownEngineIsRefused() {
    assertEquals(2, run("bench", "ResNet20", "--engine", "onnxruntime", "--mode", "train"));
    assertTrue(err.toString(StandardCharsets.UTF_8)
        .contains("--engine onnxruntime runs inference only"));
    assertEquals(2, run("bench", "ResNet20", "--engine", "tensorrt"));
    assertTrue(err.toString(StandardCharsets.UTF_8)
        .contains("--engine is resdsl or onnxruntime, got 'tensorrt'"));
  }

  @Test
  void trainingThroughTheGraphIsSaidOnStandardErrorNotTimedSilently() {
    assertEquals(0, run("bench", "ResNet20", "--batch", "4", "--mode", "train", "--iterations",
        "1"));
    assertFalse(err.toString(StandardCharsets.UTF_8).contains("graph.fit"), "the fast path");
    String before = System.getProperty(FastPath.TRAINING_PROPERTY);
    System.setProperty(FastPath.TRAINING_PROPERTY, "false");
    try {
      err.reset();
      assertEquals(0, run("bench", "ResNet20", "--batch", "4", "--mode", "train", "--iterations",
          "1"));
    } finally {
      if (before == null) {
        System.clearProperty(FastPath.TRAINING_PROPERTY);
      } else {
        System.setProperty(FastPath.TRAINING_PROPERTY, before);
      }
    }
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of(ResDsl.backendLine(), "resdsl: bench times ResNet20's training through"
        + " Deeplearning4j's layers (graph.fit), not the fast path: -Dresdsl.fast=false or"
        + " -Dresdsl.fast.training=false"), lines);
    assertTrue(LAST_LINE.matcher(lastLine()).matches(), lastLine());
  }

  @Test
  void rejectsAnUnknownMode() {
    assertEquals(2, run("bench", "ResNet20", "--mode", "fly"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--mode is infer or train"));
  }
}
