package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.ParameterShape;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.backend.NativeBackend;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The next wave's layers lowered to Deeplearning4j: grouped convolutions, squeeze-and-excitation
 * units, ResNet-D's ceil-mode average pool, the deep stem and pre-activation blocks, with
 * Deeplearning4j's shapes and parameter counts against the plan's.
 */
class NextWaveLoweringTest {
  private static final LayerConventions PAPER = LayerConventions.PAPER;

  /**
   * A deep stem, then one ResNeXt bottleneck with squeeze-and-excitation and a ResNet-D shortcut
   * that halves 7x7 (odd, so the last pool window is partial).
   */
  static LayerPlan everything() {
    PlanBuilder plan = PlanBuilder.start(new Shape(3, 7, 7), PAPER);
    plan.stem(StemDesign.deep(4, 3, 1, Pool.NONE)).endStage(new Shape(4, 7, 7));
    plan.stage("s").block(BlockDesign.of(Block.BOTTLENECK, 2).withGroups(2, 64)
        .withSqueezeExcitation(4), 2, BlockShortcut.AVG_PROJECTION).endStage(new Shape(8, 4, 4));
    return plan.head(Pool.AVG, 0, 3);
  }

  private static Layer layer(ComputationGraphConfiguration configuration, String name) {
    return ((LayerVertex) configuration.getVertices().get(name)).getLayerConf().getLayer();
  }

  private static ComputationGraph init(ComputationGraphConfiguration configuration,
      boolean helpers) {
    return helpers
        ? NativeBackend.withLayerHelpers(() -> init(configuration, false))
        : initPlain(configuration);
  }

  private static ComputationGraph initPlain(ComputationGraphConfiguration configuration) {
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    return graph;
  }

  @Test
  void deeplearning4jAgreesWithThePlanOnEveryLayersShapeAndParameterCount() {
    LayerPlan plan = everything();
    ComputationGraphConfiguration configuration = GraphLowering.configuration(plan, 1);
    Map<String, Shape> shapes = GraphLowering.activationShapes(configuration, plan.input());
    ComputationGraph graph = initPlain(configuration);
    long batchNorm = 0;
    for (PlannedLayer layer : plan.layers()) {
      assertEquals(layer.output(), shapes.get(layer.name()), layer.name());
      long planned = layer.parameters().stream().mapToLong(ParameterShape::size).sum();
      var dl4j = graph.getLayer(layer.name());
      assertEquals(planned, dl4j == null ? 0 : dl4j.numParams(), layer.name());
      if (dl4j != null && dl4j.conf().getLayer() instanceof BatchNormalization) {
        batchNorm += layer.input().channels();
      }
    }
    assertEquals(plan.cost().parameters() + 2 * batchNorm, graph.numParams());
    INDArray out = graph.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 3, 7, 7));
    assertArrayEquals(new long[] {2, 3}, out.shape());
  }

  @Test
  void eachNewOpHasItsDeeplearning4jCounterpart() {
    ComputationGraphConfiguration configuration = GraphLowering.configuration(everything(), 1);
    GroupedConvolution grouped =
        assertInstanceOf(GroupedConvolution.class, layer(configuration, "s_block1_conv2"));
    assertEquals(2, grouped.groups());
    assertInstanceOf(ChannelScaleVertex.class,
        configuration.getVertices().get("s_block1_se_scale"));
    assertEquals(List.of("s_block1_bn3", "s_block1_se_gate"),
        configuration.getVertexInputs().get("s_block1_se_scale"));
    assertFalse(((GlobalPoolingLayer) layer(configuration, "s_block1_se_pool"))
        .isCollapseDimensions(), "the unit's 1x1 convolutions read [N, C, 1, 1]");
    assertTrue(((GlobalPoolingLayer) layer(configuration, "head_pool")).isCollapseDimensions());
    assertInstanceOf(ActivationSigmoid.class,
        ((ActivationLayer) layer(configuration, "s_block1_se_gate")).getActivationFn());
    SubsamplingLayer pool = (SubsamplingLayer) layer(configuration, "s_block1_shortcut_pool");
    assertEquals(ConvolutionMode.Same, pool.getConvolutionMode());
    assertFalse(pool.isAvgPoolIncludePadInDivisor());
  }

  @Test
  void theAveragingShortcutPoolsInCeilModeWithoutCountingPadding() {
    for (boolean helpers : new boolean[] {false, true}) {
      ComputationGraph graph = init(GraphLowering.configuration(everything(), 1), helpers);
      INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 7, 7);
      Map<String, INDArray> activations = graph.feedForward(images, false);
      INDArray in = activations.get("stem");
      INDArray pooled = activations.get("s_block1_shortcut_pool");
      assertArrayEquals(new long[] {2, 4, 4, 4}, pooled.shape());
      for (int n = 0; n < 2; n++) {
        for (int c = 0; c < 4; c++) {
          for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
              // PyTorch's AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False): the last
              // row and column of 7 are windows of one position.
              double sum = 0;
              int count = 0;
              for (int dy = 0; dy < 2 && 2 * y + dy < 7; dy++) {
                for (int dx = 0; dx < 2 && 2 * x + dx < 7; dx++) {
                  sum += in.getDouble(n, c, 2 * y + dy, 2 * x + dx);
                  count++;
                }
              }
              assertEquals(sum / count, pooled.getDouble(n, c, y, x), 1e-5,
                  "helpers " + helpers + " at " + n + "," + c + "," + y + "," + x);
            }
          }
        }
      }
    }
  }

  @Test
  void aPreActivationPlanLowersWithItsHeadBatchNorm() {
    PlanBuilder plan = PlanBuilder.startPreActivation(new Shape(3, 8, 8), PAPER);
    plan.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 8, 8));
    plan.stage("s").block(BlockDesign.of(Block.PREACT_BASIC, 8), 2, BlockShortcut.PROJECTION)
        .block(BlockDesign.of(Block.PREACT_BASIC, 8), 1, BlockShortcut.IDENTITY)
        .endStage(new Shape(8, 4, 4));
    ComputationGraphConfiguration configuration =
        GraphLowering.configuration(plan.head(Pool.AVG, 0, 2), 1);
    assertEquals(List.of("s_block2"), configuration.getVertexInputs().get("head_bn"));
    assertEquals(List.of("s_block1_relu1"),
        configuration.getVertexInputs().get("s_block1_shortcut_conv"));
    INDArray out = initPlain(configuration).outputSingle(false,
        Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8));
    assertArrayEquals(new long[] {2, 2}, out.shape());
  }
}
