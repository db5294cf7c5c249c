package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint written by an earlier version still loads, computes what it computed then, and
 * resumes training. The fixture {@code checkpoints/ResNet20-main-4731181.zip} was written by
 * {@code ./resdsl train ResNet20 --data synthetic:256 --epochs 1 --batch 64} at commit 4731181,
 * before networks had layer plans; the outputs file holds what that version's {@code predict} and
 * {@code features(STAGE3)} (averaged over positions) gave for {@link #images()}.
 */
class CheckpointCompatibilityTest {
  private static final String FIXTURE = "checkpoints/ResNet20-main-4731181";

  /** Four images of pixels {@code 0.5 sin(0.37 i)}, i counting through the NCHW array. */
  private static INDArray images() {
    float[] pixels = new float[4 * 3 * 32 * 32];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) Math.sin(i * 0.37) * 0.5f;
    }
    return Nd4j.create(pixels, new long[] {4, 3, 32, 32}, DataType.FLOAT);
  }

  private static Path fixture(Path folder) throws IOException {
    Path file = folder.resolve("checkpoint.zip");
    try (InputStream in = resource(FIXTURE + ".zip")) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  private static InputStream resource(String name) {
    InputStream in = CheckpointCompatibilityTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new AssertionError("no test resource " + name);
    }
    return in;
  }

  @Test
  void aCheckpointOfTheVersionBeforeLayerPlansGivesItsRecordedOutputs(@TempDir Path tmp)
      throws IOException {
    ResNet20 net = ResNet20.load(fixture(tmp));
    List<String> lines;
    try (InputStream in = resource(FIXTURE + ".outputs.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    INDArray images = images();
    INDArray probabilities = net.predict(images);
    INDArray features = net.features(ResNet20.Stage.STAGE3, images).mean(2, 3);
    for (int n = 0; n < 4; n++) {
      assertRowClose(lines.get(n), probabilities, n, "probabilities of image " + n);
      assertRowClose(lines.get(4 + n), features, n, "stage3 features of image " + n);
    }
  }

  /** Within 1e-5 of the larger of 1 and the value: float rounding, summed over 19 layers. */
  private static void assertRowClose(String line, INDArray actual, int row, String what) {
    String[] expected = line.trim().split(" ");
    assertEquals(expected.length, actual.size(1), what);
    for (int c = 0; c < expected.length; c++) {
      double want = Double.parseDouble(expected[c]);
      double got = actual.getDouble(row, c);
      assertEquals(want, got, 1e-5 * Math.max(1, Math.abs(want)), what + ", column " + c);
    }
  }

  @Test
  void aCheckpointOfTheVersionBeforeLayerPlansResumesTraining(@TempDir Path tmp)
      throws IOException {
    fixture(tmp);
    Cli cli = Cli.run("train", "ResNet20", "--data", "synthetic:256", "--batch", "64",
        "--epochs", "2", "--resume", "--out", tmp.toString());
    assertEquals(0, cli.status(), cli.err());
    List<String> metrics = Files.readAllLines(tmp.resolve("metrics.csv"));
    assertEquals(3, metrics.size(), "the header, the fixture's epoch 1 and the resumed epoch 2: "
        + metrics);
    assertTrue(metrics.get(2).startsWith("2,"), metrics.get(2));
  }
}
