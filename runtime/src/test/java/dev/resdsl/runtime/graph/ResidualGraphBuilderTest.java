package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.StageDescription;
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

class ResidualGraphBuilderTest {
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

  /** Two basic blocks, 3x8x8 input; {@code shortcut} on the second, a widening stride-2 block. */
  private static ComputationGraphConfiguration twoBlocks(
      LayerConventions conventions, BlockShortcut shortcut) {
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, new Shape(3, 8, 8), conventions);
    graph.stem(4, 3, 1, Pool.NONE);
    graph.basic("b1", 4, 1, BlockShortcut.IDENTITY);
    graph.basic("b2", 8, 2, shortcut);
    return graph.head(Pool.AVG, 0, 3);
  }

  @Test
  void deeplearning4jInfersTheShapesOfOddSizedImages() {
    Map<String, Shape> shapes =
        ResidualGraphBuilder.activationShapes(TinyNet.configuration(1), INPUT);
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
  void recordsTheStagesAndTheirVertices() {
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, INPUT, PAPER);
    graph.stem(4, 3, 1, Pool.AVG).endStage("stem", new Shape(4, 5, 5));
    graph.basic("s1_block1", 4, 1, BlockShortcut.IDENTITY).endStage("s1", new Shape(4, 5, 5));
    graph.head(Pool.AVG, 0, 2);
    assertEquals(
        List.of(
            new StageDescription("stem", "stem", new Shape(4, 5, 5)),
            new StageDescription("s1", "s1_block1", new Shape(4, 5, 5))),
        graph.stages());
  }

  @Test
  void aStageOfAnotherShapeThanTheCompilerInferredIsAnError() {
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, INPUT, PAPER);
    graph.stem(4, 3, 1, Pool.MAX).endStage("stem", new Shape(4, 5, 5));
    graph.basic("s1_block1", 8, 2, BlockShortcut.PROJECTION).endStage("s1", new Shape(8, 4, 4));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> graph.head(Pool.AVG, 0, 2));
    assertEquals(
        "stage s1 (vertex s1_block1): the compiler inferred 8x4x4 but Deeplearning4j infers 8x3x3",
        e.getMessage());
  }

  @Test
  void parametersAreTheTrainableOnesPlusBatchNormRunningStatistics() {
    ComputationGraph graph = init(TinyNet.configuration(1));
    assertEquals(TinyNet.TRAINABLE_PARAMETERS + 2 * TinyNet.BATCH_NORM_CHANNELS, graph.numParams());
  }

  @Test
  void convolutionBiasAddsOneParameterPerOutputChannel() {
    LayerConventions biased = new LayerConventions(true, 1e-5, 0.9, StridePlacement.FIRST, false);
    long without = init(twoBlocks(PAPER, BlockShortcut.PROJECTION)).numParams();
    long with = init(twoBlocks(biased, BlockShortcut.PROJECTION)).numParams();
    // stem 4, b1 4 + 4, b2 8 + 8 and its projection 8.
    assertEquals(36, with - without);
    assertTrue(
        ((ConvolutionLayer) layer(twoBlocks(biased, BlockShortcut.PROJECTION), "b2_conv1"))
            .hasBias());
    assertFalse(
        ((ConvolutionLayer) layer(twoBlocks(PAPER, BlockShortcut.PROJECTION), "b2_conv1"))
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
    assertEquals(0.0, gamma(graph, "b1_bn2").norm1Number().doubleValue());
    assertEquals(0.0, gamma(graph, "b2_bn2").norm1Number().doubleValue());
    assertEquals(4.0, gamma(graph, "b1_bn1").sumNumber().doubleValue());
    assertEquals(8.0, gamma(graph, "b2_shortcut_bn").sumNumber().doubleValue());
    assertEquals(4.0, gamma(graph, "stem_bn").sumNumber().doubleValue());
    ComputationGraph plain = init(twoBlocks(zero, BlockShortcut.NONE));
    assertEquals(
        8.0, gamma(plain, "b2_bn2").sumNumber().doubleValue(), "a plain block has no residual");
    ComputationGraph paper = init(twoBlocks(PAPER, BlockShortcut.PROJECTION));
    assertEquals(4.0, gamma(paper, "b1_bn2").sumNumber().doubleValue());
  }

  private static INDArray gamma(ComputationGraph graph, String layer) {
    return graph.getLayer(layer).getParam("gamma");
  }

  @Test
  void batchNormTakesEpsilonAndDecayAndKeepsThePlainVariance() {
    LayerConventions keras = new LayerConventions(false, 1e-3, 0.99, StridePlacement.FIRST, false);
    ComputationGraphConfiguration configuration = twoBlocks(keras, BlockShortcut.ZERO_PAD);
    BatchNormalization bn = (BatchNormalization) layer(configuration, "b2_bn1");
    assertEquals(1e-3, bn.getEps());
    assertEquals(0.99, bn.getDecay());
    assertFalse(bn.isUseLogStd());
    assertEquals(
        List.of("gamma", "beta", "mean", "var"),
        List.copyOf(init(configuration).getLayer("b2_bn1").paramTable().keySet()));
  }

  @Test
  void bottleneckStridePlacement() {
    for (StridePlacement placement : StridePlacement.values()) {
      ResidualGraphBuilder graph =
          ResidualGraphBuilder.start(
              1, INPUT, new LayerConventions(false, 1e-5, 0.9, placement, false));
      graph.stem(8, 3, 1, Pool.NONE).bottleneck("b", 4, 2, BlockShortcut.PROJECTION);
      ComputationGraphConfiguration configuration = graph.head(Pool.AVG, 0, 2);
      int first = ((ConvolutionLayer) layer(configuration, "b_conv1")).getStride()[0];
      int middle = ((ConvolutionLayer) layer(configuration, "b_conv2")).getStride()[0];
      assertEquals(
          placement == StridePlacement.FIRST ? List.of(2, 1) : List.of(1, 2),
          List.of(first, middle));
      assertEquals(
          new Shape(16, 5, 5),
          ResidualGraphBuilder.activationShapes(configuration, INPUT).get("b"));
    }
  }

  @Test
  void aBlockAddsItsBranchToItsShortcutBeforeTheReLU() {
    ComputationGraphConfiguration configuration = twoBlocks(PAPER, BlockShortcut.ZERO_PAD);
    assertEquals(List.of("b2_add"), configuration.getVertexInputs().get("b2"));
    assertEquals(List.of("b2_bn2", "b2_shortcut"), configuration.getVertexInputs().get("b2_add"));
    assertInstanceOf(ElementWiseVertex.class, configuration.getVertices().get("b2_add"));
    assertEquals(List.of("b1"), configuration.getVertexInputs().get("b2_shortcut"));
    assertEquals(List.of("b1_bn2", "stem"), configuration.getVertexInputs().get("b1_add"));
    ComputationGraphConfiguration plain = twoBlocks(PAPER, BlockShortcut.NONE);
    assertEquals(List.of("b2_bn2"), plain.getVertexInputs().get("b2"));
    assertFalse(plain.getVertices().containsKey("b2_add"));
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
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, INPUT, PAPER);
    graph.basic("s1_block1", 4, 1, BlockShortcut.PROJECTION).endStage("s1", new Shape(4, 9, 9));
    ComputationGraphConfiguration configuration = graph.head(Pool.AVG, 0, 2);
    assertEquals(List.of("input"), configuration.getVertexInputs().get("s1_block1_conv1"));
    assertEquals(List.of("input"), configuration.getVertexInputs().get("s1_block1_shortcut_conv"));
    assertThrows(
        IllegalStateException.class,
        () -> ResidualGraphBuilder.start(1, INPUT, PAPER)
            .basic("b", 3, 1, BlockShortcut.IDENTITY)
            .stem(4, 3, 1, Pool.NONE));
  }

  @Test
  void theHeadHasDropoutWithDl4jsRetainProbability() {
    ComputationGraphConfiguration configuration = TinyNet.configuration(1);
    DropoutLayer dropout = (DropoutLayer) layer(configuration, "head_dropout");
    assertEquals(0.5, ((Dropout) dropout.getIDropout()).getP(), "TinyNet drops half");
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, INPUT, PAPER);
    graph.stem(4, 3, 1, Pool.NONE);
    ComputationGraphConfiguration light = graph.head(Pool.AVG, 0.2, 2);
    assertEquals(
        0.8, ((Dropout) ((DropoutLayer) layer(light, "head_dropout")).getIDropout()).getP(), 1e-12);
    assertFalse(twoBlocks(PAPER, BlockShortcut.ZERO_PAD).getVertices().containsKey("head_dropout"));
  }

  @Test
  void withoutHeadPoolingTheDenseLayerSeesEveryActivation() {
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, INPUT, PAPER);
    graph.stem(4, 3, 2, Pool.NONE);
    ComputationGraph network = init(graph.head(Pool.NONE, 0, 2));
    // 4 x 5 x 5 activations into 2 classes.
    assertEquals(100 * 2 + 2, network.getLayer("output").numParams());
    INDArray out = network.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9));
    assertEquals(List.of(2L, 2L), List.of(out.shape()[0], out.shape()[1]));
  }

  @Test
  void theGraphIsSinglePrecisionAndCannotBeExtendedAfterTheHead() {
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(1, INPUT, PAPER);
    graph.stem(4, 3, 1, Pool.NONE);
    assertEquals(DataType.FLOAT, graph.head(Pool.MAX, 0, 2).getDataType());
    assertThrows(
        IllegalStateException.class, () -> graph.basic("late", 4, 1, BlockShortcut.IDENTITY));
    assertThrows(
        IllegalArgumentException.class,
        () -> ResidualGraphBuilder.start(1, INPUT, PAPER).head(Pool.AVG, 1.0, 2));
  }
}
