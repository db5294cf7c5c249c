package dev.resdsl.runtime.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.ArchitectureMismatchException;
import dev.resdsl.runtime.StageDescription;
import dev.resdsl.runtime.TinyNet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ResidualNetworkTest {
  private static TinyNet net;
  private static INDArray images;

  @TempDir Path folder;

  @BeforeAll
  static void createNetwork() {
    net = TinyNet.create(42);
    images = Nd4j.rand(DataType.FLOAT, 3, 3, 9, 9);
  }

  @Test
  void predictsProbabilitiesForEachImage() {
    INDArray out = net.predict(images);
    assertArrayEquals(new long[] {3, 5}, out.shape());
    for (int i = 0; i < 3; i++) {
      assertEquals(1.0, out.getRow(i).sumNumber().doubleValue(), 1e-5);
    }
  }

  @Test
  void doublePrecisionImagesGiveTheProbabilitiesOfTheirFloatCopiesWithin1e6() {
    INDArray fromFloat = net.predict(images);
    INDArray fromDouble = net.predict(images.castTo(DataType.DOUBLE));
    assertArrayEquals(new long[] {3, 5}, fromDouble.shape());
    double difference = fromFloat.castTo(DataType.DOUBLE).sub(fromDouble.castTo(DataType.DOUBLE))
        .amaxNumber().doubleValue();
    assertTrue(difference <= 1e-6, "probabilities differ by " + difference);
    // Different images give different rows, so that agreeing means something.
    double rows = fromFloat.getRow(0).sub(fromFloat.getRow(1)).amaxNumber().doubleValue();
    assertTrue(rows > 1e-4, "rows differ by " + rows);
  }

  @Test
  void refusesImagesOfAnotherShapeNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> net.predict(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28)));
    assertEquals(
        "TinyNet expects images of shape [N, 3, 9, 9], got [2, 1, 28, 28]", e.getMessage());
  }

  @Test
  void refusesImagesOfAnotherRank() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> net.predict(Nd4j.rand(DataType.FLOAT, 3, 9, 9)));
    assertEquals("TinyNet expects images of shape [N, 3, 9, 9], got [3, 9, 9]", e.getMessage());
  }

  @Test
  void refusesNullEmptyAndIntegerImages() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> net.predict(null))
            .getMessage()
            .endsWith("got null"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> net.predict(Nd4j.create(DataType.FLOAT, 0, 3, 9, 9)))
            .getMessage()
            .contains("empty batch"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> net.predict(Nd4j.zeros(DataType.INT32, 1, 3, 9, 9)))
            .getMessage()
            .contains("floating-point"));
  }

  @Test
  void activationsOfEachStageHaveTheDescribedShape() {
    for (StageDescription stage : TinyNet.DESCRIPTION.stages()) {
      INDArray features = net.features(stage.name(), images);
      assertArrayEquals(stage.output().batchOf(3), features.shape(), stage.name());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> net.features("stem", Nd4j.rand(DataType.FLOAT, 1, 3, 8, 8)));
  }

  @Test
  void activationsOfAnUnknownVertexAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> net.activations("no_such_vertex", images));
  }

  @Test
  void savedNetworkLoadsWithIdenticalOutputsAndUpdaterState() throws IOException {
    TinyNet trained = TinyNet.create(7);
    INDArray labels = Nd4j.eye(5).getRows(0, 3, 1);
    trained.graph().fit(new DataSet(images, labels)); // updater state and running statistics move
    Path file = folder.resolve("checkpoint.zip");
    trained.save(file);

    TinyNet loaded = TinyNet.load(file);
    assertEquals(trained.predict(images), loaded.predict(images));
    assertEquals(trained.graph().params(), loaded.graph().params());
    assertEquals(
        trained.graph().getUpdater().getStateViewArray(),
        loaded.graph().getUpdater().getStateViewArray());
    assertNotEquals(
        0.0, loaded.graph().getUpdater().getStateViewArray().norm1Number().doubleValue());
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
    Path plain = folder.resolve("plain");
    Files.writeString(plain, "");
    assertEquals(
        Files.getPosixFilePermissions(plain),
        Files.getPosixFilePermissions(file),
        "permissions of any new file, not those of a private temporary file");
  }

  @Test
  void savingReplacesAnExistingCheckpoint() throws IOException {
    Path file = folder.resolve("checkpoint.zip");
    Files.writeString(file, "an older checkpoint");
    net.save(file);
    assertEquals(net.predict(images), TinyNet.load(file).predict(images));
  }

  @Test
  void aFailedSaveLeavesTheTargetAndNoTemporaryFile() throws IOException {
    // A non-empty folder where the checkpoint should go: the final rename must fail.
    Path target = folder.resolve("checkpoint.zip");
    Files.createDirectories(target.resolve("inside"));
    assertThrows(IOException.class, () -> net.save(target));
    assertTrue(Files.isDirectory(target.resolve("inside")));
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void refusesACheckpointOfAnotherArchitecture() throws IOException {
    Path file = folder.resolve("tiny.zip");
    net.save(file);
    ArchitectureMismatchException e =
        assertThrows(ArchitectureMismatchException.class, () -> TinyNet.Other.load(file));
    assertEquals(
        file
            + " holds a TinyNet, not a OtherNet; load it with TinyNet.load or train a new OtherNet",
        e.getMessage());
    assertEquals("TinyNet", e.savedName());
    assertEquals("OtherNet", e.expectedName());
    assertEquals(file, e.file());
  }

  @Test
  void refusesAMissingFile() {
    Path missing = folder.resolve("missing.zip");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> TinyNet.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void refusesAFileThatIsNotACheckpoint() throws IOException {
    Path text = folder.resolve("notes.zip");
    Files.writeString(text, "not a zip", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> TinyNet.load(text));
    assertEquals(text + " is not a ResDSL checkpoint: not a zip file", e.getMessage());
  }

  @Test
  void refusesAPlainDeeplearning4jModel() throws IOException {
    Path plain = folder.resolve("plain.zip");
    org.deeplearning4j.util.ModelSerializer.writeModel(net.graph(), plain.toFile(), false);
    IOException e = assertThrows(IOException.class, () -> TinyNet.load(plain));
    assertTrue(e.getMessage().startsWith(plain + " is not a ResDSL checkpoint"), e.getMessage());
  }
}
