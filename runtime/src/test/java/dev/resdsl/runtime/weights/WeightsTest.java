package dev.resdsl.runtime.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.Weights;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.network.ResidualNetwork;
import dev.resdsl.runtime.weights.StateDicts.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Weights#importTorchvision} on the runtime's small test network: a state dict written from
 * one network makes another compute the same, and a file that does not fit changes nothing.
 */
class WeightsTest {
  @TempDir Path folder;

  private Path write(Map<String, Entry> stateDict) throws IOException {
    return Files.write(folder.resolve("tiny.safetensors"), StateDicts.bytes(stateDict));
  }

  private static INDArray images() {
    Nd4j.getRandom().setSeed(5);
    return Nd4j.rand(DataType.FLOAT, TinyNet.INPUT.batchOf(3));
  }

  @Test
  void aStateDictMakesAnotherNetworkComputeTheSame() throws IOException {
    TinyNet source = TinyNet.create(1);
    TinyNet target = TinyNet.create(2);
    // Running statistics away from their initial 0 and 1, so that importing them shows.
    source.graph().getLayer("b_block1_bn2").getParam("mean").assign(0.25);
    source.graph().getLayer("b_block1_bn2").getParam("var").assign(2.5);
    Path file = write(StateDicts.of(source));
    INDArray images = images();
    assertTrue(
        source.predict(images).sub(target.predict(images)).amaxNumber().doubleValue() > 1e-3);

    Weights.importTorchvision(target, file);

    assertEquals(source.graph().params(), target.graph().params());
    assertEquals(source.predict(images), target.predict(images));
  }

  @Test
  void theBatchNormCounterIsOptional() throws IOException {
    TinyNet source = TinyNet.create(1);
    Map<String, Entry> stateDict = StateDicts.of(source);
    stateDict.keySet().removeIf(name -> name.endsWith(".num_batches_tracked"));
    TinyNet target = TinyNet.create(2);
    Weights.importTorchvision(target, write(stateDict));
    assertEquals(source.graph().params(), target.graph().params());
  }

  /** A stem and one basic block whose convolutions have biases, unlike torchvision's. */
  private static GeneratedNetwork biased(long seed) {
    Shape input = new Shape(3, 8, 8);
    PlanBuilder builder =
        PlanBuilder.start(input, new LayerConventions(true, 1e-5, 0.9, StridePlacement.FIRST, false));
    builder.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 8, 8));
    builder.stage("s").basic(4, 1, BlockShortcut.IDENTITY).endStage(new Shape(4, 8, 8));
    LayerPlan plan = builder.head(Pool.AVG, 0, 3);
    ComputationGraph graph = new ComputationGraph(GraphLowering.configuration(plan, seed));
    graph.init();
    NetworkDescription description =
        new NetworkDescription("Biased", input, new Shape(3, 1, 1), -1, -1, "biased", List.of());
    return new ResidualNetwork(description, plan, graph) {};
  }

  @Test
  void convolutionBiasesAreTakenIfPresentAndZeroIfNot() throws IOException {
    GeneratedNetwork source = biased(1);
    source.graph().getLayer("s_block1_conv2").getParam("b").assign(0.5);
    Map<String, Entry> stateDict = StateDicts.of(source);
    assertTrue(stateDict.containsKey("layer1.0.conv2.bias"));

    GeneratedNetwork withBiases = biased(2);
    Weights.importTorchvision(withBiases, write(stateDict));
    assertEquals(source.graph().params(), withBiases.graph().params());

    stateDict.keySet().removeIf(name -> name.matches("(conv1|layer1\\.0\\.conv[12])\\.bias"));
    GeneratedNetwork withoutBiases = biased(2);
    Weights.importTorchvision(withoutBiases, write(stateDict));
    for (String conv : List.of("stem_conv", "s_block1_conv1", "s_block1_conv2")) {
      assertEquals(
          0.0, withoutBiases.graph().getLayer(conv).getParam("b").amaxNumber().doubleValue());
      assertEquals(
          source.graph().getLayer(conv).getParam("W"),
          withoutBiases.graph().getLayer(conv).getParam("W"));
    }
  }

  @Test
  void aFileThatDoesNotFitIsRefusedWithEveryProblemAndChangesNothing() throws IOException {
    Map<String, Entry> stateDict = StateDicts.of(TinyNet.create(1));
    stateDict.remove("layer2.0.bn3.weight");
    stateDict.put("fc2.weight", Entry.floats(new long[] {1}, 0f));
    stateDict.put("layer1.0.conv1.weight", Entry.floats(new long[] {8, 4, 1, 1}, new float[32]));
    Path file = write(stateDict);
    TinyNet target = TinyNet.create(2);
    INDArray before = target.graph().params().dup();

    WeightsMismatchException e =
        assertThrows(WeightsMismatchException.class, () -> Weights.importTorchvision(target, file));

    assertEquals(
        file
            + " does not fit TinyNet: 3 problems: missing layer2.0.bn3.weight; unexpected"
            + " fc2.weight; layer1.0.conv1.weight is [8, 4, 1, 1] in the file, [8, 4, 3, 3] in"
            + " TinyNet",
        e.getMessage());
    assertEquals(file, e.file());
    assertEquals("TinyNet", e.network());
    assertEquals(before, target.graph().params());
  }

  @Test
  void moreThanThreeProblemsAreSummedUpOnTheFirstLineAndListedBelow() throws IOException {
    Map<String, Entry> stateDict = StateDicts.of(TinyNet.create(1));
    stateDict.keySet().removeIf(name -> name.startsWith("layer2."));
    stateDict.put("bn1.weight", new Entry("I64", new long[] {4}, new byte[32]));
    Path file = write(stateDict);

    WeightsMismatchException e =
        assertThrows(
            WeightsMismatchException.class,
            () -> Weights.importTorchvision(TinyNet.create(2), file));

    // layer2.0: 4 convolutions (with the downsample) and 4 batch norms of 4 tensors each.
    assertEquals(4 + 4 * 4 + 1, e.problems().size());
    String[] lines = e.getMessage().split(System.lineSeparator());
    assertEquals(
        file
            + " does not fit TinyNet: 21 problems: missing layer2.0.conv1.weight; missing"
            + " layer2.0.bn1.weight; missing layer2.0.bn1.bias; and 18 more:",
        lines[0]);
    assertEquals(1 + 18, lines.length);
    assertEquals(
        "  bn1.weight is I64 in the file, floating-point in TinyNet", lines[lines.length - 1]);
  }

  @Test
  void aMalformedFileIsAFormatError() throws IOException {
    byte[] good = StateDicts.bytes(StateDicts.of(TinyNet.create(1)));
    Path file = Files.write(folder.resolve("cut.safetensors"), Arrays.copyOf(good, 1000));
    TinyNet target = TinyNet.create(2);
    INDArray before = target.graph().params().dup();
    SafeTensorsFormatException e =
        assertThrows(
            SafeTensorsFormatException.class, () -> Weights.importTorchvision(target, file));
    assertTrue(
        e.getMessage().startsWith(file + " is not a valid safetensors file: "), e.getMessage());
    assertEquals(before, target.graph().params());
  }

  @Test
  void otherFloatingPointTypesAreConverted() throws IOException {
    TinyNet source = TinyNet.create(1);
    Map<String, Entry> stateDict = StateDicts.of(source);
    Entry fc = stateDict.get("fc.bias");
    float[] values = new float[5];
    ByteBuffer.wrap(fc.bytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    ByteBuffer f64 = SafeTensorsBytes.little(5 * Double.BYTES);
    for (float value : values) {
      f64.putDouble(value);
    }
    stateDict.put("fc.bias", new Entry("F64", fc.shape(), f64.array()));
    TinyNet target = TinyNet.create(2);
    Weights.importTorchvision(target, write(stateDict));
    assertArrayEquals(values, target.graph().getLayer("output").getParam("b").data().asFloat());
  }
}
