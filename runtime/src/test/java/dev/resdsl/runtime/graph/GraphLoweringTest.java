package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.TinyNet;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GraphLoweringTest {
  private static final Shape INPUT = new Shape(3, 9, 9);
  private static final LayerConventions PAPER = LayerConventions.PAPER;

  private static ComputationGraph init(ComputationGraphConfiguration configuration) {
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    return graph;
  }

  private static Layer layer(ComputationGraphConfiguration configuration, String name) {
    return ((LayerVertex) configuration.getVertices().get(name)).getLayerConf().getLayer();
  }

  private static ComputationGraphConfiguration lower(LayerPlan plan) {
    return GraphLowering.configuration(plan, 1);
  }

  /**
   * Two basic blocks of a stage "b", 3x8x8 input; {@code shortcut} on the second, a widening
   * stride-2 block.
   */
  private static ComputationGraphConfiguration twoBlocks(
      LayerConventions conventions, BlockShortcut shortcut) {
    PlanBuilder plan = PlanBuilder.start(new Shape(3, 8, 8), conventions);
    plan.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 8, 8));
    plan.stage("b");
    plan.basic(4, 1, BlockShortcut.IDENTITY);
    plan.basic(8, 2, shortcut);
    plan.endStage(new Shape(8, 4, 4));
    return lower(plan.head(Pool.AVG, 0, 3));
  }

  @Test
  void deeplearning4jInfersTheShapesOfOddSizedImages() {
    Map<String, Shape> shapes =
        GraphLowering.activationShapes(TinyNet.configuration(1), INPUT);
    assertEquals(new Shape(3, 9, 9), shapes.get("input"));
    assertEquals(new Shape(4, 9, 9), shapes.get("stem_conv"));
    assertEquals(new Shape(4, 5, 5), shapes.get("stem"), "3x3/2 max pool, padding 1: ceil(9 / 2)");
    assertEquals(new Shape(8, 3, 3), shapes.get("a_block1_conv1"));
    assertEquals(new Shape(8, 3, 3), shapes.get("a_block1_shortcut"));
    assertEquals(new Shape(8, 3, 3), shapes.get("a_block1"));
    assertEquals(new Shape(16, 2, 2), shapes.get("b_block1"));
    assertEquals(new Shape(16, 1, 1), shapes.get("head_pool"));
    assertEquals(new Shape(5, 1, 1), shapes.get("output"));
    assertEquals("input", shapes.keySet().iterator().next());
  }

  @Test
  void deeplearning4jAgreesWithThePlanOnEveryLayersShapeAndParameterCount() {
    LayerPlan plan = TinyNet.PLAN;
    ComputationGraphConfiguration configuration = TinyNet.configuration(1);
    Map<String, Shape> shapes = GraphLowering.activationShapes(configuration, INPUT);
    ComputationGraph graph = init(configuration);
    for (var layer : plan.layers()) {
      assertEquals(layer.output(), shapes.get(layer.name()), layer.name());
      long planned = layer.parameters().stream().mapToLong(p -> p.size()).sum();
      long actual = graph.getLayer(layer.name()) == null ? 0
          : graph.getLayer(layer.name()).numParams();
      assertEquals(planned, actual, layer.name());
    }
    assertEquals(plan.layers().size() + 1, shapes.size(), "one vertex per layer, and the input");
  }

  @Test
  void parametersAreTheTrainableOnesPlusBatchNormRunningStatistics() {
    ComputationGraph graph = init(TinyNet.configuration(1));
    assertEquals(TinyNet.TRAINABLE_PARAMETERS + 2 * TinyNet.BATCH_NORM_CHANNELS, graph.numParams());
    assertEquals(TinyNet.TRAINABLE_PARAMETERS, TinyNet.PLAN.cost().parameters());
  }

  @Test
  void convolutionBiasAddsOneParameterPerOutputChannel() {
    LayerConventions biased = new LayerConventions(true, 1e-5, 0.9, StridePlacement.FIRST, false);
    long without = init(twoBlocks(PAPER, BlockShortcut.PROJECTION)).numParams();
    long with = init(twoBlocks(biased, BlockShortcut.PROJECTION)).numParams();
    // stem 4, b1 4 + 4, b2 8 + 8 and its projection 8.
    assertEquals(36, with - without);
    assertTrue(
        ((ConvolutionLayer) layer(twoBlocks(biased, BlockShortcut.PROJECTION), "b_block2_conv1"))
            .hasBias());
    assertFalse(
        ((ConvolutionLayer) layer(twoBlocks(PAPER, BlockShortcut.PROJECTION), "b_block2_conv1"))
            .hasBias());
  }

  @Test
  void convolutionsPadSymmetricallyAndTruncate() {
    ConvolutionLayer conv = (ConvolutionLayer) layer(TinyNet.configuration(1), "a_block1_conv1");
    assertEquals(List.of(1, 1), List.of(conv.getPadding()[0], conv.getPadding()[1]));
    assertEquals(ConvolutionMode.Truncate, conv.getConvolutionMode());
    ConvolutionLayer pointwise =
        (ConvolutionLayer) layer(TinyNet.configuration(1), "b_block1_conv1");
    assertEquals(0, pointwise.getPadding()[0]);
  }

  @Test
  void zeroInitResidualStartsTheLastBatchNormOfEachResidualBranchAtZero() {
    LayerConventions zero = new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, true);
    ComputationGraph graph = init(twoBlocks(zero, BlockShortcut.PROJECTION));
    assertEquals(0.0, gamma(graph, "b_block1_bn2").norm1Number().doubleValue());
    assertEquals(0.0, gamma(graph, "b_block2_bn2").norm1Number().doubleValue());
    assertEquals(4.0, gamma(graph, "b_block1_bn1").sumNumber().doubleValue());
    assertEquals(8.0, gamma(graph, "b_block2_shortcut_bn").sumNumber().doubleValue());
    assertEquals(4.0, gamma(graph, "stem_bn").sumNumber().doubleValue());
    ComputationGraph plain = init(twoBlocks(zero, BlockShortcut.NONE));
    assertEquals(
        8.0, gamma(plain, "b_block2_bn2").sumNumber().doubleValue(), "a plain block has no residual");
    ComputationGraph paper = init(twoBlocks(PAPER, BlockShortcut.PROJECTION));
    assertEquals(4.0, gamma(paper, "b_block1_bn2").sumNumber().doubleValue());
  }

  private static INDArray gamma(ComputationGraph graph, String layer) {
    return graph.getLayer(layer).getParam("gamma");
  }

  @Test
  void batchNormTakesEpsilonAndDecayAndKeepsThePlainVariance() {
    LayerConventions keras = new LayerConventions(false, 1e-3, 0.99, StridePlacement.FIRST, false);
    ComputationGraphConfiguration configuration = twoBlocks(keras, BlockShortcut.ZERO_PAD);
    BatchNormalization bn = (BatchNormalization) layer(configuration, "b_block2_bn1");
    assertEquals(1e-3, bn.getEps());
    assertEquals(0.99, bn.getDecay());
    assertFalse(bn.isUseLogStd());
    assertEquals(
        List.of("gamma", "beta", "mean", "var"),
        List.copyOf(init(configuration).getLayer("b_block2_bn1").paramTable().keySet()));
  }

  @Test
  void bottleneckStridePlacement() {
    for (StridePlacement placement : StridePlacement.values()) {
      PlanBuilder plan =
          PlanBuilder.start(INPUT, new LayerConventions(false, 1e-5, 0.9, placement, false));
      plan.stem(8, 3, 1, Pool.NONE).endStage(new Shape(8, 9, 9));
      plan.stage("b").bottleneck(4, 2, BlockShortcut.PROJECTION).endStage(new Shape(16, 5, 5));
      ComputationGraphConfiguration configuration = lower(plan.head(Pool.AVG, 0, 2));
      int first = ((ConvolutionLayer) layer(configuration, "b_block1_conv1")).getStride()[0];
      int middle = ((ConvolutionLayer) layer(configuration, "b_block1_conv2")).getStride()[0];
      assertEquals(
          placement == StridePlacement.FIRST ? List.of(2, 1) : List.of(1, 2),
          List.of(first, middle));
      assertEquals(
          new Shape(16, 5, 5),
          GraphLowering.activationShapes(configuration, INPUT).get("b_block1"));
    }
  }

  @Test
  void aBlockAddsItsBranchToItsShortcutBeforeTheReLU() {
    ComputationGraphConfiguration configuration = twoBlocks(PAPER, BlockShortcut.ZERO_PAD);
    assertEquals(List.of("b_block2_add"), configuration.getVertexInputs().get("b_block2"));
    assertEquals(List.of("b_block2_bn2", "b_block2_shortcut"), configuration.getVertexInputs().get("b_block2_add"));
    assertInstanceOf(ElementWiseVertex.class, configuration.getVertices().get("b_block2_add"));
    assertEquals(List.of("b_block1"), configuration.getVertexInputs().get("b_block2_shortcut"));
    assertEquals(List.of("b_block1_bn2", "stem"), configuration.getVertexInputs().get("b_block1_add"));
    ComputationGraphConfiguration plain = twoBlocks(PAPER, BlockShortcut.NONE);
    assertEquals(List.of("b_block2_bn2"), plain.getVertexInputs().get("b_block2"));
    assertFalse(plain.getVertices().containsKey("b_block2_add"));
  }

  @Test
  void theStemNamesItsLastLayerStem() {
    ComputationGraphConfiguration pooled = TinyNet.configuration(1);
    SubsamplingLayer pool = (SubsamplingLayer) layer(pooled, "stem");
    assertEquals(PoolingType.MAX, pool.getPoolingType());
    assertEquals(List.of("stem_relu"), pooled.getVertexInputs().get("stem"));
    ComputationGraphConfiguration unpooled = twoBlocks(PAPER, BlockShortcut.ZERO_PAD);
    assertEquals(List.of("stem_bn"), unpooled.getVertexInputs().get("stem"));
  }

  @Test
  void withoutAStemTheFirstBlockReadsTheInput() {
    PlanBuilder plan = PlanBuilder.start(INPUT, PAPER);
    plan.stage("s1").basic(4, 1, BlockShortcut.PROJECTION).endStage(new Shape(4, 9, 9));
    ComputationGraphConfiguration configuration = lower(plan.head(Pool.AVG, 0, 2));
    assertEquals(List.of("input"), configuration.getVertexInputs().get("s1_block1_conv1"));
    assertEquals(List.of("input"), configuration.getVertexInputs().get("s1_block1_shortcut_conv"));
  }

  @Test
  void theHeadHasDropoutWithDl4jsRetainProbability() {
    ComputationGraphConfiguration configuration = TinyNet.configuration(1);
    DropoutLayer dropout = (DropoutLayer) layer(configuration, "head_dropout");
    assertEquals(0.5, ((Dropout) dropout.getIDropout()).getP(), "TinyNet drops half");
    PlanBuilder plan = PlanBuilder.start(INPUT, PAPER);
    plan.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 9, 9));
    ComputationGraphConfiguration light = lower(plan.head(Pool.AVG, 0.2, 2));
    assertEquals(
        0.8, ((Dropout) ((DropoutLayer) layer(light, "head_dropout")).getIDropout()).getP(), 1e-12);
    assertFalse(twoBlocks(PAPER, BlockShortcut.ZERO_PAD).getVertices().containsKey("head_dropout"));
  }

  @Test
  void withoutHeadPoolingTheDenseLayerSeesEveryActivation() {
    PlanBuilder plan = PlanBuilder.start(INPUT, PAPER);
    plan.stem(4, 3, 2, Pool.NONE).endStage(new Shape(4, 5, 5));
    ComputationGraph network = init(lower(plan.head(Pool.NONE, 0, 2)));
    // 4 x 5 x 5 activations into 2 classes.
    assertEquals(100 * 2 + 2, network.getLayer("output").numParams());
    INDArray out = network.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9));
    assertEquals(List.of(2L, 2L), List.of(out.shape()[0], out.shape()[1]));
  }

  @Test
  void theGraphIsSinglePrecision() {
    PlanBuilder plan = PlanBuilder.start(INPUT, PAPER);
    plan.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 9, 9));
    assertEquals(DataType.FLOAT, lower(plan.head(Pool.MAX, 0, 2)).getDataType());
  }
}
