package dev.resdsl.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.model.LayerNames;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.ParameterShape;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkCatalog;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.NetworkFactory;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.StageDescription;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.summary.NetworkSummary;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every example network, built on Deeplearning4j: its shapes, parameter counts and outputs
 * checked against DL4J's own inference and against the numbers the compiler pinned.
 */
class ExampleNetworksTest {
  /**
   * The most multiply-adds per image of a network whose forward pass runs here: ResNet-152's 11.5
   * G and Wide ResNet-50-2's 11.4 G do; ResNeXt-101 32x8d (16.4 G) and Wide ResNet-101-2 (22.8 G)
   * are checked by their counts and shapes alone, to keep CI's time in check.
   */
  static final long FORWARD_PASS_LIMIT = 12_000_000_000L;

  static Stream<NetworkFactory> models() {
    return NetworkCatalog.all().stream();
  }

  static Stream<NetworkFactory> modelsToRun() {
    return models().filter(model -> model.description().multiplyAdds() <= FORWARD_PASS_LIMIT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void deeplearning4jInfersTheShapesTheCompilerDid(NetworkFactory model) {
    NetworkDescription description = model.description();
    ComputationGraphConfiguration configuration = model.create(1).graph().getConfiguration();
    Map<String, Shape> inferred =
        GraphLowering.activationShapes(configuration, description.input());
    assertEquals(description.input(), inferred.get(LayerNames.INPUT));
    assertTrue(description.stages().size() >= 4, "stem and at least three stages");
    for (StageDescription stage : description.stages()) {
      assertEquals(stage.output(), inferred.get(stage.vertex()),
          model.name() + " " + stage.name());
    }
    assertEquals(description.output(), inferred.get(LayerNames.OUTPUT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void deeplearning4jAgreesWithThePlanOnEveryLayersShapeAndParameters(NetworkFactory model) {
    GeneratedNetwork network = model.create(1);
    LayerPlan plan = network.plan();
    Map<String, Shape> inferred = GraphLowering.activationShapes(
        network.graph().getConfiguration(), model.description().input());
    assertEquals(plan.layers().size() + 1, inferred.size(), "one vertex per layer, and the input");
    for (PlannedLayer layer : plan.layers()) {
      assertEquals(layer.output(), inferred.get(layer.name()), layer.name());
      var dl4j = network.graph().getLayer(layer.name());
      long planned = layer.parameters().stream().mapToLong(ParameterShape::size).sum();
      assertEquals(planned, dl4j == null ? 0 : dl4j.numParams(), layer.name());
    }
    assertEquals(model.description().trainableParameters(), plan.cost().parameters());
    assertEquals(model.description().multiplyAdds(), plan.cost().multiplyAdds());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void graphParametersAreTheTrainableOnesPlusRunningStatistics(NetworkFactory model) {
    GeneratedNetwork network = model.create(2);
    long runningStatistics = 0;
    for (var vertex : network.graph().getConfiguration().getVertices().values()) {
      if (vertex instanceof LayerVertex layer
          && layer.getLayerConf().getLayer() instanceof BatchNormalization bn) {
        runningStatistics += 2 * bn.getNOut();
      }
    }
    assertTrue(runningStatistics > 0);
    assertEquals(model.description().trainableParameters() + runningStatistics,
        network.graph().numParams());
    NetworkSummary summary = NetworkSummary.of(network);
    assertEquals(model.description().trainableParameters(), summary.totalParameters());
    assertEquals(model.description().multiplyAdds(), summary.totalMultiplyAdds());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelsToRun")
  void forwardPassGivesProbabilitiesAndRejectsWrongShapes(NetworkFactory model) {
    GeneratedNetwork network = model.create(3);
    Shape input = model.description().input();
    // One image for the networks of more than a billion multiply-adds, to keep CI fast.
    int batch = model.description().multiplyAdds() > 1_000_000_000L ? 1 : 2;
    INDArray images = Nd4j.rand(DataType.FLOAT, input.batchOf(batch));
    // In training mode batch norm normalises with the batch's statistics. In inference mode a
    // freshly initialised ResNet-1202 overflows float32: its running statistics are still the
    // identity and each of its 600 blocks doubles the variance, as in PyTorch.
    assertProbabilities(network.graph().outputSingle(true, images), batch, model);
    INDArray predicted = network.predict(images);
    assertArrayEquals(new long[] {batch, model.description().classes()}, predicted.shape());

    INDArray wrong = Nd4j.rand(DataType.FLOAT, 1, input.channels(), input.height() + 1,
        input.width());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> network.predict(wrong));
    String expected = "[N, " + input.channels() + ", " + input.height() + ", " + input.width() + "]";
    String actual = "[1, " + input.channels() + ", " + (input.height() + 1) + ", " + input.width() + "]";
    assertTrue(e.getMessage().contains(expected) && e.getMessage().contains(actual),
        e.getMessage());
  }

  @Test
  void predictGivesProbabilitiesInInferenceMode() {
    for (NetworkFactory model : List.of(NetworkCatalog.find("ResNet20").orElseThrow(),
        NetworkCatalog.find("ResNet50").orElseThrow())) {
      INDArray images = Nd4j.rand(DataType.FLOAT, model.description().input().batchOf(2));
      assertProbabilities(model.create(5).predict(images), 2, model);
    }
  }

  private static void assertProbabilities(INDArray probabilities, int batch, NetworkFactory model) {
    assertArrayEquals(new long[] {batch, model.description().classes()}, probabilities.shape());
    INDArray rowSums = probabilities.sum(1);
    for (int i = 0; i < batch; i++) {
      assertEquals(1.0, rowSums.getDouble(i), 1e-4, model.name());
    }
    assertTrue(probabilities.minNumber().doubleValue() >= 0, model.name());
  }

  @Test
  void generatedConstantsMatchTheReferences() {
    // torchvision's counts, and the paper's option-A CIFAR counts (Table 6: 0.27M ... 19.4M).
    assertEquals(11_689_512L, ResNet18.TRAINABLE_PARAMETERS);
    assertEquals(25_557_032L, ResNet50.TRAINABLE_PARAMETERS);
    assertEquals(60_192_808L, ResNet152.TRAINABLE_PARAMETERS);
    assertEquals(269_722L, ResNet20.TRAINABLE_PARAMETERS);
    assertEquals(19_421_274L, ResNet1202.TRAINABLE_PARAMETERS);
    // The Fashion-MNIST networks differ from the CIFAR ones only in their stem's input channels:
    // 16 filters of 3x3 over 1 channel instead of 3.
    assertEquals(ResNet20.TRAINABLE_PARAMETERS - 16 * 9 * 2, FashionResNet20.TRAINABLE_PARAMETERS);
    assertEquals(ResNet56.TRAINABLE_PARAMETERS - 16 * 9 * 2, FashionResNet56.TRAINABLE_PARAMETERS);
    assertEquals(Plain20.TRAINABLE_PARAMETERS - 16 * 9 * 2, FashionPlain20.TRAINABLE_PARAMETERS);
    assertEquals(Plain56.TRAINABLE_PARAMETERS - 16 * 9 * 2, FashionPlain56.TRAINABLE_PARAMETERS);
    assertEquals(new Shape(64, 7, 7), FashionPlain56.Stage.STAGE3.output());
    // torchvision documents GFLOPS (multiply-adds) of 1.81, 4.09 and 11.51 for 18, 50 and 152.
    assertEquals(1.81, ResNet18.MULTIPLY_ADDS / 1e9, 0.005);
    assertEquals(4.09, ResNet50.MULTIPLY_ADDS / 1e9, 0.005);
    assertEquals(11.51, ResNet152.MULTIPLY_ADDS / 1e9, 0.005);
    assertEquals(new Shape(3, 224, 224), ResNet50.INPUT);
    assertEquals(new Shape(1000, 1, 1), ResNet50.OUTPUT);
    assertEquals(new Shape(2048, 7, 7), ResNet50.Stage.CONV5.output());
    assertEquals(new Shape(64, 56, 56), ResNet50.Stage.STEM.output());
    assertEquals(new Shape(64, 8, 8), ResNet20.Stage.STAGE3.output());
  }

  @Test
  void theNextWavesNetworksMatchTheirReferences() {
    // torchvision publishes 4.23 and 11.40 GFLOPS (multiply-adds) for resnext50_32x4d and
    // wide_resnet50_2; the parameter counts are pinned by each spec's expectParameters.
    assertEquals(4.23, ResNeXt50_32x4d.MULTIPLY_ADDS / 1e9, 0.005);
    assertEquals(11.40, WideResNet50_2.MULTIPLY_ADDS / 1e9, 0.005);
    assertEquals(25_028_904L, ResNeXt50_32x4d.TRAINABLE_PARAMETERS);
    assertEquals(88_791_336L, ResNeXt101_32x8d.TRAINABLE_PARAMETERS);
    assertEquals(68_883_240L, WideResNet50_2.TRAINABLE_PARAMETERS);
    assertEquals(126_886_696L, WideResNet101_2.TRAINABLE_PARAMETERS);
    assertEquals(25_576_264L, ResNet50D.TRAINABLE_PARAMETERS);
    assertEquals(28_088_024L, SEResNet50.TRAINABLE_PARAMETERS);
    assertEquals(1_730_522L, PreActResNet110.TRAINABLE_PARAMETERS);
    assertEquals(1_703_258L, PreActResNet164.TRAINABLE_PARAMETERS);
    assertEquals(10_327_706L, PreActResNet1001.TRAINABLE_PARAMETERS);
    // The ResNet-D stem ends where torchvision's does; the wide and grouped networks' outputs are
    // ResNet-50's.
    assertEquals(ResNet50.Stage.STEM.output(), ResNet50D.Stage.STEM.output());
    assertEquals(ResNet50.Stage.CONV5.output(), ResNeXt50_32x4d.Stage.CONV5.output());
    assertEquals(new Shape(256, 8, 8), PreActResNet164.Stage.STAGE3.output());
    // A squeeze-and-excitation unit adds 2 C^2 / 16 + C + C / 16 to each block of C outputs.
    assertEquals(ResNet50.TRAINABLE_PARAMETERS + 2_530_992L, SEResNet50.TRAINABLE_PARAMETERS);
  }

  @Test
  void featuresReturnEachStagesActivations() {
    ResNet20 network = ResNet20.create(4);
    INDArray images = Nd4j.rand(DataType.FLOAT, ResNet20.INPUT.batchOf(2));
    for (ResNet20.Stage stage : ResNet20.Stage.values()) {
      INDArray features = network.features(stage, images);
      assertArrayEquals(stage.output().batchOf(2), features.shape(), stage.name());
      // Every stage ends in a ReLU.
      assertTrue(features.minNumber().doubleValue() >= 0, stage.name());
    }
  }
}
