package dev.resdsl.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.PaperNetworks;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.graph.GraphLowering;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast training path against Deeplearning4j's own layers: the same raw gradients, running
 * statistics and parameters after steps of the same optimiser, from the same weights.
 */
class FastTrainingTest {
  static final Shape TINY = new Shape(3, 9, 9);

  /** Max pool, zero-pad and projection shortcuts, a bottleneck, convolution biases. */
  static final LayerPlan TINY_PLAN = tinyPlan();

  static ComputationGraph tiny() {
    ComputationGraph graph = new ComputationGraph(GraphLowering.configuration(TINY_PLAN, 7));
    graph.init();
    return graph;
  }

  private static LayerPlan tinyPlan() {
    PlanBuilder b = PlanBuilder.start(TINY,
        new LayerConventions(true, 1e-5, 0.9, StridePlacement.FIRST, false));
    b.stem(4, 3, 1, Pool.MAX).endStage(new Shape(4, 5, 5));
    b.stage("a").basic(8, 2, BlockShortcut.ZERO_PAD).endStage(new Shape(8, 3, 3));
    b.stage("b").bottleneck(4, 2, BlockShortcut.PROJECTION).endStage(new Shape(16, 2, 2));
    return b.head(Pool.AVG, 0, 5);
  }

  /**
   * A deep stem and pre-activation blocks, basic and bottleneck, with a projection that reads the
   * pre-activated input and a batch norm in the head: layers the engine has nodes for, wired
   * another way.
   */
  static final LayerPlan PRE_ACTIVATION_PLAN = preActivationPlan();

  private static LayerPlan preActivationPlan() {
    PlanBuilder b = PlanBuilder.startPreActivation(TINY, LayerConventions.PAPER);
    b.stem(StemDesign.deep(4, 3, 1, Pool.MAX)).endStage(new Shape(4, 5, 5));
    b.stage("a").block(BlockDesign.of(Block.PREACT_BASIC, 8), 2, BlockShortcut.PROJECTION)
        .block(BlockDesign.of(Block.PREACT_BASIC, 8), 1, BlockShortcut.IDENTITY)
        .endStage(new Shape(8, 3, 3));
    b.stage("b").block(BlockDesign.of(Block.PREACT_BOTTLENECK, 4), 2, BlockShortcut.PROJECTION)
        .endStage(new Shape(16, 2, 2));
    return b.head(Pool.AVG, 0, 5);
  }

  static ComputationGraph preActivation() {
    ComputationGraph graph =
        new ComputationGraph(GraphLowering.configuration(PRE_ACTIVATION_PLAN, 8));
    graph.init();
    return graph;
  }

  /**
   * ResNeXt bottlenecks (a strided grouped convolution) with squeeze-and-excitation units, whose
   * convolutions have biases, and a ResNet-D shortcut that pools 9x9 to 5x5, the last window
   * partial. (A bias before a batch norm has no gradient but rounding noise, which says little.)
   */
  static final LayerPlan NEXT_WAVE_PLAN = nextWavePlan();

  private static LayerPlan nextWavePlan() {
    PlanBuilder b = PlanBuilder.start(TINY,
        new LayerConventions(false, 1e-5, 0.9, StridePlacement.MIDDLE, false));
    b.stem(4, 3, 1, Pool.NONE).endStage(new Shape(4, 9, 9));
    BlockDesign design = BlockDesign.of(Block.BOTTLENECK, 2).withGroups(2, 64)
        .withSqueezeExcitation(4);
    b.stage("s").block(design, 2, BlockShortcut.AVG_PROJECTION)
        .block(design, 1, BlockShortcut.IDENTITY).endStage(new Shape(8, 5, 5));
    return b.head(Pool.AVG, 0, 5);
  }

  static ComputationGraph nextWave() {
    ComputationGraph graph = new ComputationGraph(GraphLowering.configuration(NEXT_WAVE_PLAN, 9));
    graph.init();
    return graph;
  }

  private static DataSet batch(Shape input, int n, int classes, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray images = Nd4j.randn(DataType.FLOAT, input.batchOf(n)).muli(1.5).addi(0.3);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, n, classes);
    for (int i = 0; i < n; i++) {
      labels.putScalar(i, (i * 3 + seed) % classes, 1);
    }
    return new DataSet(images, labels);
  }

  private static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
    double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
    double difference = expected.sub(actual).amaxNumber().doubleValue();
    assertTrue(difference <= tol * scale,
        what + ": max difference " + difference + " at scale " + scale);
  }

  private static void assertSameGradients(ComputationGraph graph, LayerPlan plan, DataSet data) {
    ComputationGraph reference = graph.clone();
    FastTraining fast = FastTraining.of(graph, plan);
    BatchScore result = fast.computeGradient(data.getFeatures(), data.getLabels());
    reference.setInputs(data.getFeatures());
    reference.setLabels(data.getLabels());
    reference.computeGradientAndScore();
    Map<String, INDArray> expected = reference.gradient().gradientForVariable();
    int compared = 0;
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      String name = e.getKey();
      if (name.endsWith("_mean") || name.endsWith("_var")) {
        continue;
      }
      String layer = name.substring(0, name.lastIndexOf('_'));
      String parameter = name.substring(name.lastIndexOf('_') + 1);
      INDArray actual = graph.getLayer(layer).conf().getLayer().initializer()
          .getGradientsFromFlattened(graph.getLayer(layer).conf(),
              graph.getLayer(layer).getGradientsViewArray()).get(parameter);
      assertClose("gradient of " + name, e.getValue(), actual, 1e-3);
      compared++;
    }
    assertTrue(compared > 10, "compared " + compared + " gradients");
    // DL4J moves running statistics by a "gradient" its step subtracts; the fast path moves them
    // in the forward pass. Both give decay * running + (1 - decay) * batch statistic.
    for (String name : reference.paramTable().keySet()) {
      if (name.endsWith("_mean") || name.endsWith("_var")) {
        INDArray moved = reference.getParam(name).sub(expected.get(name));
        assertClose("running statistic " + name, moved, graph.getParam(name), 1e-4);
      }
    }
    // DL4J's score adds the L2 penalty to the loss; without it the two agree.
    double penalty = reference.calcRegularizationScore(true);
    assertEquals(reference.score() - penalty, result.loss(), 1e-4);
  }

  @Test
  void tinyNetGradientsMatchDl4j() {
    assertSameGradients(tiny(), TINY_PLAN, batch(TINY, 6, 5, 1));
  }

  @Test
  void preActivationBlocksAndADeepStemGradientsMatchDl4j() {
    assertSameGradients(preActivation(), PRE_ACTIVATION_PLAN, batch(TINY, 6, 5, 3));
  }

  @Test
  void groupedConvolutionsSqueezeExcitationAndTheCeilModePoolGradientsMatchDl4j() {
    assertSameGradients(nextWave(), NEXT_WAVE_PLAN, batch(TINY, 6, 5, 4));
  }

  @Test
  void resNet20GradientsMatchDl4j() {
    GeneratedNetwork network = PaperNetworks.resNet20();
    Shape input = network.description().input();
    assertSameGradients(network.graph(), network.plan(), batch(input, 4, 10, 2));
  }

  @Test
  void aLearningRateChangeBetweenStepsReachesTheFastPath() {
    ComputationGraph graph = tiny();
    ComputationGraph reference = graph.clone();
    FastTraining fast = FastTraining.of(graph, TINY_PLAN);
    for (int step = 0; step < 4; step++) {
      if (step == 2) {
        graph.setLearningRate(0.02);
        reference.setLearningRate(0.02);
      }
      DataSet data = batch(TINY, 6, 5, 40 + step);
      fast.fit(data.getFeatures(), data.getLabels());
      reference.fit(data);
    }
    assertClose("parameters after a rate change", reference.params(), graph.params(), 1e-3);
  }

  @Test
  void stepsMatchDl4jFitIncludingMomentumAndL2() {
    assertStepsMatchDl4jFit(tiny(), TINY_PLAN);
  }

  @Test
  void nextWaveStepsMatchDl4jFitIncludingMomentumAndL2() {
    // The grouped convolution's weights and the units' biases go through DL4J's own updater.
    assertStepsMatchDl4jFit(nextWave(), NEXT_WAVE_PLAN);
  }

  @Test
  void twentyResNet20StepsWithMomentumL2AndARateChangeMatchDl4jFit() {
    GeneratedNetwork network = PaperNetworks.resNet20();
    ComputationGraph graph = network.graph();
    ComputationGraph reference = graph.clone();
    FastTraining fast = FastTraining.of(graph, network.plan());
    Shape input = network.description().input();
    for (int step = 0; step < 20; step++) {
      // On random images, rounding differences grow by about half a step at the default rate,
      // 0.1 (losses of 6 within three steps), and still at 0.01: after 20 steps the parameters of
      // DL4J's graph and of libnd4j's fast path, as of this one, differ by 2e-2 to 3e-2. At 0.001
      // both stay on DL4J's trajectory.
      if (step == 0 || step == 10) {
        graph.setLearningRate(step == 0 ? 0.001 : 0.0002);
        reference.setLearningRate(step == 0 ? 0.001 : 0.0002);
      }
      DataSet data = batch(input, 8, 10, 60 + step);
      // DL4J's score after fit: the loss before the update plus the L2 penalty of the parameters
      // it was computed with.
      double penalty = reference.calcRegularizationScore(true);
      BatchScore result = fast.fit(data.getFeatures(), data.getLabels());
      reference.fit(data);
      assertEquals(reference.score() - penalty, result.loss(), 1e-3, "loss at step " + step);
    }
    assertClose("parameters after twenty steps", reference.params(), graph.params(), 1e-3);
    for (String name : reference.paramTable().keySet()) {
      if (name.endsWith("_mean") || name.endsWith("_var")) {
        assertClose("running statistic " + name, reference.getParam(name), graph.getParam(name),
            1e-3);
      }
    }
    // The momentum is the rate times recent gradients, whose differences grow with the
    // trajectories' (5e-3 of its largest magnitude after 20 steps); a wrong rate or momentum would
    // be off by its whole size.
    assertClose("updater state", reference.getUpdater().getStateViewArray(),
        graph.getUpdater().getStateViewArray(), 1e-2);
  }

  private static void assertStepsMatchDl4jFit(ComputationGraph graph, LayerPlan plan) {
    graph.fit(batch(TINY, 6, 5, 9)); // an updater state that is not zero
    ComputationGraph reference = graph.clone();
    int before = graph.getConfiguration().getIterationCount();
    FastTraining fast = FastTraining.of(graph, plan);
    for (int step = 0; step < 3; step++) {
      DataSet data = batch(TINY, step == 2 ? 5 : 6, 5, 20 + step);
      fast.fit(data.getFeatures(), data.getLabels());
      reference.fit(data);
    }
    assertClose("parameters after three steps", reference.params(), graph.params(), 1e-3);
    assertClose("updater state", reference.getUpdater().getStateViewArray(),
        graph.getUpdater().getStateViewArray(), 1e-3);
    assertEquals(before + 3, graph.getConfiguration().getIterationCount());
  }
}
