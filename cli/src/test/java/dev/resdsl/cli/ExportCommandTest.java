package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.examples.ResNet32;
import dev.resdsl.runtime.onnx.OnnxExport;
import dev.resdsl.runtime.train.TrainingCheckpoint;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code resdsl export}: the model it writes runs in onnxruntime and carries what the checkpoint
 * recorded; every bad input ends with one line and status 2, leaving no file behind.
 */
class ExportCommandTest {
  /** Written by train at commit 4731181: see CheckpointCompatibilityTest. */
  private static final String TRAINED = "checkpoints/ResNet20-main-4731181.zip";

  @TempDir Path tmp;

  private Path trainedCheckpoint() throws IOException {
    Path file = tmp.resolve("checkpoint.zip");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(TRAINED)) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void aTrainedCheckpointExportsToAModelThatGivesPredictsOutputAndRecordsItsNormalisation()
      throws IOException {
    Path checkpoint = trainedCheckpoint();
    Path model = tmp.resolve("out").resolve("resnet20.onnx");
    Cli cli = Cli.run("export", "ResNet20", "--onnx", model.toString(), "--checkpoint",
        checkpoint.toString());
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.out().startsWith("wrote " + model + ": ResNet20 as ONNX opset 13 with the"
        + " weights of checkpoint " + checkpoint), cli.out());
    TrainingState state = TrainingCheckpoint.readState(checkpoint).orElseThrow();
    String normalization = state.recordedNormalization().orElseThrow().toString().split(";")[0];
    assertTrue(cli.out().contains("the model does not normalise"), cli.out());

    INDArray images = Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32);
    try (OnnxRuntimeEngine onnxruntime = OnnxRuntimeEngine.open(model)) {
      Map<String, String> metadata = onnxruntime.metadata();
      assertEquals(ResNet20.class.getSimpleName(), metadata.get(OnnxExport.MODEL));
      assertTrue(metadata.get(OnnxExport.NORMALIZATION)
          .startsWith("{\"mean\": [" + normalization.replace(",", ", ") + "], \"std\": ["),
          metadata.get(OnnxExport.NORMALIZATION));
      assertTrue(cli.out().contains(metadata.get(OnnxExport.NORMALIZATION)), cli.out());
      INDArray expected = ResNet20.load(checkpoint).predict(images);
      double difference = Transforms.log(expected).sub(
          Transforms.log(onnxruntime.probabilities(images))).amaxNumber().doubleValue();
      // As in the examples' OnnxExportTest: float32 in another order, over twenty layers.
      assertTrue(difference <= 1e-4, "log-probabilities differ by " + difference);
    }
  }

  @Test
  void withoutWeightsTheExportSaysItsWeightsAreFreshlyInitialisedWithTheDefaultSeed() {
    Path model = tmp.resolve("resnet20.onnx");
    Cli cli = Cli.run("export", "ResNet20", "--onnx", model.toString());
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.out().contains("freshly initialised weights (seed 42), untrained"), cli.out());
    assertTrue(cli.out().contains("pass --checkpoint or --torchvision"), cli.out());
    assertTrue(Files.isRegularFile(model));
  }

  @Test
  void aCheckpointOfAnotherArchitectureIsOneLineAndWritesNothing() throws IOException {
    Path other = tmp.resolve("resnet32.zip");
    ResNet32.create(1).save(other);
    Path out = tmp.resolve("out");
    Cli cli = Cli.run("export", "ResNet20", "--onnx", out.resolve("m.onnx").toString(),
        "--checkpoint", other.toString()).isUsageError();
    assertTrue(cli.err().contains("ResNet32"), cli.err());
    assertEquals(List.of(), FullDiskTest.names(out));
  }

  @Test
  void aMissingOrCorruptWeightsFileIsOneLineAndWritesNothing() throws IOException {
    Path out = tmp.resolve("out");
    Path noise = tmp.resolve("noise.bin");
    byte[] bytes = new byte[4096];
    new Random(3).nextBytes(bytes);
    Files.write(noise, bytes);
    String onnx = out.resolve("m.onnx").toString();

    Cli missing = Cli.run("export", "ResNet20", "--onnx", onnx, "--checkpoint",
        tmp.resolve("none.zip").toString()).isUsageError();
    assertTrue(missing.err().contains("no such file") && missing.err().contains("none.zip"),
        missing.err());
    Cli corrupt = Cli.run("export", "ResNet20", "--onnx", onnx, "--checkpoint",
        noise.toString()).isUsageError();
    assertTrue(corrupt.err().contains("not a ResDSL checkpoint"), corrupt.err());
    Cli noStateDict = Cli.run("export", "ResNet18", "--onnx", onnx, "--torchvision",
        tmp.resolve("none.safetensors").toString()).isUsageError();
    assertTrue(noStateDict.err().contains("none.safetensors"), noStateDict.err());
    Cli badStateDict = Cli.run("export", "ResNet18", "--onnx", onnx, "--torchvision",
        noise.toString()).isUsageError();
    assertTrue(badStateDict.err().contains("not a valid safetensors file"), badStateDict.err());
    assertEquals(List.of(), FullDiskTest.names(out));
  }

  @Test
  void aStateDictOfAnotherNetworkIsOneLineNamingTheMismatchAndWritesNothing() throws IOException {
    // A valid safetensors file whose one tensor is no torchvision ResNet's.
    byte[] header = "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
        .getBytes(StandardCharsets.UTF_8);
    ByteBuffer file = ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    file.putLong(header.length).put(header).putFloat(1f);
    Path stateDict = Files.write(tmp.resolve("other.safetensors"), file.array());
    Path out = tmp.resolve("out");
    Cli cli = Cli.run("export", "ResNet18", "--onnx", out.resolve("m.onnx").toString(),
        "--torchvision", stateDict.toString()).isUsageError();
    assertTrue(cli.err().contains("does not fit ResNet18"), cli.err());
    assertTrue(cli.err().contains("missing conv1.weight"), cli.err());
    assertEquals(List.of(), FullDiskTest.names(out));
  }

  @Test
  void anUnwritablePathIsOneLineNamingItAndLeavesNoFile() throws IOException {
    // Tests run as root, whom permissions do not stop: a path through a file cannot be written.
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    Cli cli = Cli.run("export", "ResNet20", "--onnx", file.resolve("m.onnx").toString())
        .isUsageError();
    assertTrue(cli.err().contains("cannot write " + file.resolve("m.onnx")), cli.err());
    assertTrue(cli.err().contains("give --onnx a path in a folder you can write"), cli.err());
    assertEquals(List.of("not-a-folder"), FullDiskTest.names(tmp));
  }

  @Test
  void aFullDiskIsOneLineAndLeavesNeitherTheModelNorATemporaryFile() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    // 256 KiB: ResNet20's model is 1.1 MB.
    FullDiskTest.Child child = FullDiskTest.resdsl(256, tmp.resolve("child.log"), "export",
        "ResNet20", "--onnx", out.resolve("m.onnx").toString());
    assertEquals(2, child.status(), child.log());
    assertTrue(child.log().contains("resdsl: export: cannot write " + out.resolve("m.onnx")
        + " (File too large)"), child.log());
    assertEquals(List.of(), FullDiskTest.names(out));
  }

  @Test
  void badCommandLinesAreOneLineAndWriteNothing() throws IOException {
    Path onnx = tmp.resolve("m.onnx");
    Cli both = Cli.run("export", "ResNet20", "--onnx", onnx.toString(), "--checkpoint", "a.zip",
        "--torchvision", "b.safetensors").isUsageError();
    assertTrue(both.err().contains("give --checkpoint or --torchvision, not both"), both.err());
    Cli noFile = Cli.run("export", "ResNet20").isUsageError();
    assertTrue(noFile.err().contains("export needs --onnx, such as --onnx ResNet20.onnx"),
        noFile.err());
    Cli folder = Cli.run("export", "ResNet20", "--onnx", tmp.toString()).isUsageError();
    assertTrue(folder.err().contains("is a folder: give a file name"), folder.err());
    Cli model = Cli.run("export", "ResNet21", "--onnx", onnx.toString()).isUsageError();
    assertTrue(model.err().contains("unknown model 'ResNet21'"), model.err());
    assertEquals(List.of(), FullDiskTest.names(tmp));
  }
}
