package dev.resdsl.examples.onnx;

import static dev.resdsl.examples.onnx.OnnxRuntimeClient.LOG_PROBABILITY_TOLERANCE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.examples.Plain20;
import dev.resdsl.examples.ResNet18;
import dev.resdsl.examples.ResNet20;
import dev.resdsl.examples.ResNet50;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.onnx.OnnxExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every example family, exported to ONNX and run in onnxruntime at batch sizes 1 and 3, gives the
 * log-probabilities that {@code predict} gives, within {@value
 * OnnxRuntimeClient#LOG_PROBABILITY_TOLERANCE}; batch norms are randomised first, so that each
 * one's four tensors matter.
 */
class OnnxExportTest {
  @TempDir Path folder;

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of("ResNet20 (CIFAR, option A)", (Supplier<GeneratedNetwork>) () ->
            ResNet20.create(7)),
        Arguments.of("Plain20 (CIFAR, no shortcuts)", (Supplier<GeneratedNetwork>) () ->
            Plain20.create(7)),
        Arguments.of("ResNet18 (ImageNet, basic blocks, option B)",
            (Supplier<GeneratedNetwork>) () -> ResNet18.create(7)),
        Arguments.of("ResNet50 (ImageNet, bottlenecks, option B)",
            (Supplier<GeneratedNetwork>) () -> ResNet50.create(7)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void onnxruntimeGivesPredictsLogProbabilitiesAtBatchOneAndThree(
      String family, Supplier<GeneratedNetwork> create) throws IOException, OrtException {
    GeneratedNetwork network = create.get();
    OnnxRuntimeClient.randomiseBatchNorms(network, 11);
    double spread =
        OnnxRuntimeClient.spreadLogits(network, OnnxRuntimeClient.images(network, 3, 103));
    System.out.printf(Locale.ROOT, "%s: logits' std before scaling the classifier %.3g%n",
        network.name(), spread);
    Path model = folder.resolve(network.name() + ".onnx");
    OnnxExport.write(network, model);
    for (int batch : new int[] {1, 3}) {
      INDArray images = OnnxRuntimeClient.images(network, batch, 100 + batch);
      double difference = OnnxRuntimeClient.maxLogDifference(
          network.predict(images), OnnxRuntimeClient.probabilities(model, images));
      System.out.printf(Locale.ROOT, "%s batch %d: max |log-probability difference| %.2e%n",
          network.name(), batch, difference);
      assertTrue(difference <= LOG_PROBABILITY_TOLERANCE,
          family + " at batch " + batch + " differs by " + difference);
    }
  }

  /**
   * Plans with the layers the example families lack: odd sizes that a stride-2 zero-pad shortcut
   * samples to {@code ceil(n / 2)}, channels padded unevenly (2 before, 3 after), a max-pooled and
   * an average-pooled stem (padding counted), convolution biases, a projected bottleneck, dropout,
   * a global max pool and a head without pooling, whose dense layer reads all positions; and the
   * next wave's units.
   */
  static Stream<Arguments> unusualPlans() {
    LayerConventions biases = new LayerConventions(true, 1e-3, 0.9, StridePlacement.FIRST, false);
    PlanBuilder odd = PlanBuilder.start(new Shape(3, 9, 9), LayerConventions.PAPER);
    odd.stem(4, 3, 1, Pool.MAX).endStage(new Shape(4, 5, 5));
    odd.stage("a").basic(8, 2, BlockShortcut.ZERO_PAD).endStage(new Shape(8, 3, 3));
    odd.stage("b").bottleneck(4, 2, BlockShortcut.PROJECTION).endStage(new Shape(16, 2, 2));
    PlanBuilder flat = PlanBuilder.start(new Shape(1, 11, 11), biases);
    flat.stem(6, 5, 2, Pool.AVG).endStage(new Shape(6, 3, 3));
    flat.stage("a").basic(6, 1, BlockShortcut.IDENTITY).endStage(new Shape(6, 3, 3));
    flat.stage("b").basic(11, 2, BlockShortcut.ZERO_PAD).endStage(new Shape(11, 2, 2));
    // The next wave: a deep stem, grouped bottlenecks with squeeze-and-excitation and ResNet-D's
    // average-pool shortcut over an odd size (its ceil-mode pool's last window is partial).
    PlanBuilder next = PlanBuilder.start(new Shape(3, 11, 11), LayerConventions.PAPER);
    next.stem(StemDesign.deep(8, 3, 1, Pool.MAX)).endStage(new Shape(8, 6, 6));
    BlockDesign grouped =
        BlockDesign.of(Block.BOTTLENECK, 8).withGroups(4, 16).withSqueezeExcitation(4);
    next.stage("a").block(grouped, 2, BlockShortcut.AVG_PROJECTION)
        .block(grouped, 1, BlockShortcut.IDENTITY).endStage(new Shape(32, 3, 3));
    next.stage("b").block(grouped.withGroups(2, 32), 2, BlockShortcut.AVG_PROJECTION)
        .endStage(new Shape(32, 2, 2));
    PlanBuilder preActivation =
        PlanBuilder.startPreActivation(new Shape(3, 9, 9), LayerConventions.PAPER);
    preActivation.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 9, 9));
    preActivation.stage("a").block(BlockDesign.of(Block.PREACT_BASIC, 4), 1, BlockShortcut.IDENTITY)
        .block(BlockDesign.of(Block.PREACT_BASIC, 6), 2, BlockShortcut.PROJECTION)
        .endStage(new Shape(6, 5, 5));
    preActivation.stage("b")
        .block(BlockDesign.of(Block.PREACT_BOTTLENECK, 2), 2, BlockShortcut.PROJECTION)
        .endStage(new Shape(8, 3, 3));
    return Stream.of(
        Arguments.of("odd sizes, max pools, dropout", odd.head(Pool.MAX, 0.5, 5)),
        Arguments.of("biases, average stem pool, uneven pad, no head pool",
            flat.head(Pool.NONE, 0, 4)),
        Arguments.of("deep stem, groups, squeeze-and-excitation, ceil-mode average shortcut",
            next.head(Pool.AVG, 0, 5)),
        Arguments.of("pre-activation basic and bottleneck blocks, final batch norm",
            preActivation.head(Pool.AVG, 0, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualPlans")
  void onnxruntimeGivesPredictsLogProbabilitiesForUnusualLayers(String what, LayerPlan plan)
      throws IOException, OrtException {
    GeneratedNetwork network = new PlannedNetwork("Unusual", plan, 5);
    OnnxRuntimeClient.randomiseBatchNorms(network, 13);
    OnnxRuntimeClient.spreadLogits(network, OnnxRuntimeClient.images(network, 3, 7));
    Path model = folder.resolve("unusual.onnx");
    OnnxExport.write(network, model);
    INDArray images = OnnxRuntimeClient.images(network, 3, 8);
    double difference = OnnxRuntimeClient.maxLogDifference(
        network.predict(images), OnnxRuntimeClient.probabilities(model, images));
    System.out.printf(Locale.ROOT, "%s: max |log-probability difference| %.2e%n", what,
        difference);
    assertTrue(difference <= LOG_PROBABILITY_TOLERANCE, what + ": differs by " + difference);
  }

  @Test
  void theModelTakesImagesOfAnyBatchSizeAndGivesProbabilities() throws IOException, OrtException {
    ResNet20 network = ResNet20.create(7);
    Path model = folder.resolve("ResNet20.onnx");
    OnnxExport.write(network, model);
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(model.toString())) {
      assertEquals(1, session.getNumInputs());
      assertEquals(1, session.getNumOutputs());
      TensorInfo input = (TensorInfo) session.getInputInfo().get("images").getInfo();
      TensorInfo output = (TensorInfo) session.getOutputInfo().get("probabilities").getInfo();
      assertEquals(OnnxJavaType.FLOAT, input.type);
      assertArrayEquals(new long[] {-1, 3, 32, 32}, input.getShape());
      assertEquals("N", input.getDimensionNames()[0]);
      assertArrayEquals(new long[] {-1, 10}, output.getShape());
      assertEquals("N", output.getDimensionNames()[0]);
      assertEquals("ResNet20", session.getMetadata().getGraphName());
      assertEquals(String.valueOf(ResNet20.TRAINABLE_PARAMETERS),
          session.getMetadata().getCustomMetadataValue(OnnxExport.TRAINABLE_PARAMETERS)
              .orElseThrow());
      assertEquals(network.description().architecture(),
          session.getMetadata().getCustomMetadataValue(OnnxExport.ARCHITECTURE).orElseThrow());
    }
    INDArray probabilities =
        OnnxRuntimeClient.probabilities(model, OnnxRuntimeClient.images(network, 5, 1));
    assertArrayEquals(new long[] {5, 10}, probabilities.shape());
    for (int n = 0; n < 5; n++) {
      assertEquals(1.0, probabilities.getRow(n).sumNumber().doubleValue(), 1e-5,
          "image " + n + "'s probabilities sum to 1");
    }
  }
}
