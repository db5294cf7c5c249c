package dev.resdsl.runtime.exec;

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
import dev.resdsl.runtime.PaperNetworks;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.graph.GraphLowering;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The fast inference path against Deeplearning4j's own layers on the same weights. */
class FastInferenceTest {
  /** Trains a few steps so that running statistics and weights are no longer their initial ones. */
  static void perturb(GeneratedNetwork network, int batch, long seed) {
    Shape input = network.description().input();
    int classes = network.description().classes();
    Nd4j.getRandom().setSeed(seed);
    INDArray images = Nd4j.randn(DataType.FLOAT, input.batchOf(batch)).muli(2).addi(0.5);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, classes);
    for (int i = 0; i < batch; i++) {
      labels.putScalar(i, (i * 7) % classes, 1);
    }
    for (int i = 0; i < 3; i++) {
      network.graph().fit(new DataSet(images, labels));
    }
  }

  private static void assertSameOutputs(GeneratedNetwork network, int... batches) {
    FastInference fast = FastInference.of(network);
    Shape input = network.description().input();
    for (int batch : batches) {
      INDArray images = Nd4j.randn(DataType.FLOAT, input.batchOf(batch));
      INDArray expected = network.graph().outputSingle(false, images);
      INDArray actual = fast.output(images);
      assertArrayEquals(expected.shape(), actual.shape());
      double difference = Nd4j.getExecutioner().exec(
          new org.nd4j.linalg.api.ops.impl.reduce.same.AMax(expected.sub(actual))).getDouble(0);
      assertTrue(difference < 2e-5, network.name() + " batch " + batch + ": max difference "
          + difference);
      // Results are the caller's: a later call must not overwrite them.
      INDArray kept = actual.dup();
      fast.output(Nd4j.randn(DataType.FLOAT, input.batchOf(batch)));
      assertEquals(kept, actual);
    }
  }

  @Test
  void tinyNetWithPoolZeroPadProjectionBottleneckAndDropout() {
    TinyNet network = TinyNet.create(3);
    perturb(network, 16, 5);
    assertSameOutputs(network, 1, 7, 16, 7);
  }

  /**
   * Trains a graph of {@link FastTrainingTest#TINY}'s input a few steps, then compares the fast
   * inference of {@code plan} with the graph's own.
   */
  private static void assertSameOutputsAfterTraining(ComputationGraph graph, LayerPlan plan) {
    for (int i = 0; i < 3; i++) {
      graph.fit(new DataSet(Nd4j.randn(DataType.FLOAT, FastTrainingTest.TINY.batchOf(6)).addi(1),
          Nd4j.eye(6).getColumns(0, 1, 2, 3, 4)));
    }
    INDArray images = Nd4j.randn(DataType.FLOAT, FastTrainingTest.TINY.batchOf(5));
    INDArray expected = graph.outputSingle(false, images);
    INDArray actual = FastInference.of(graph, plan).output(images);
    assertTrue(expected.sub(actual).amaxNumber().doubleValue() < 2e-5);
  }

  /**
   * The channels-last layout meets every layout-sensitive layer: an average-pooled stem, a max
   * global pool, and a head without pooling whose flatten must read positions in DL4J's NCHW
   * order.
   */
  @Test
  void averagePooledStemMaxHeadAndUnpooledHeadMatchTheGraph() {
    for (Pool stem : new Pool[] {Pool.AVG, Pool.NONE}) {
      for (Pool head : new Pool[] {Pool.MAX, Pool.NONE}) {
        PlanBuilder b = PlanBuilder.start(FastTrainingTest.TINY,
            new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, false));
        b.stem(4, 3, 1, stem).endStage(stem == Pool.NONE ? new Shape(4, 9, 9) : new Shape(4, 5, 5));
        b.stage("a").basic(8, 2, BlockShortcut.ZERO_PAD)
            .endStage(stem == Pool.NONE ? new Shape(8, 5, 5) : new Shape(8, 3, 3));
        LayerPlan plan = b.head(head, 0, 5);
        ComputationGraph graph = new ComputationGraph(GraphLowering.configuration(plan, 3));
        graph.init();
        for (int i = 0; i < 3; i++) {
          graph.fit(new DataSet(Nd4j.randn(DataType.FLOAT, FastTrainingTest.TINY.batchOf(6))
              .addi(1), Nd4j.eye(6).getColumns(0, 1, 2, 3, 4)));
        }
        INDArray images = Nd4j.randn(DataType.FLOAT, FastTrainingTest.TINY.batchOf(4));
        INDArray expected = graph.outputSingle(false, images);
        INDArray actual = FastInference.of(graph, plan).output(images);
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(difference < 2e-5, "stem " + stem + ", head " + head + ": max difference "
            + difference);
      }
    }
  }

  /**
   * A stem of 16 channels reads the NCHW images as they come (oneDNN's {@code nChw16c} is then
   * NHWC), also when they are a view that is not dense; option A's shortcut with a stride that
   * divides the size is one oneDNN reorder, padded into the next convolution's sum.
   */
  @Test
  void planarStemAndReorderedZeroPadShortcutMatchTheGraph() {
    Shape input = new Shape(3, 8, 8);
    PlanBuilder b = PlanBuilder.start(input,
        new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, false));
    b.stem(16, 3, 1, Pool.NONE).endStage(new Shape(16, 8, 8));
    b.stage("a").basic(32, 2, BlockShortcut.ZERO_PAD).endStage(new Shape(32, 4, 4));
    b.stage("b").basic(48, 2, BlockShortcut.ZERO_PAD).endStage(new Shape(48, 2, 2));
    LayerPlan plan = b.head(Pool.AVG, 0, 5);
    ComputationGraph graph = new ComputationGraph(GraphLowering.configuration(plan, 3));
    graph.init();
    for (int i = 0; i < 3; i++) {
      graph.fit(new DataSet(Nd4j.randn(DataType.FLOAT, input.batchOf(6)).addi(1),
          Nd4j.eye(6).getColumns(0, 1, 2, 3, 4)));
    }
    FastInference fast = FastInference.of(graph, plan);
    INDArray dense = Nd4j.randn(DataType.FLOAT, input.batchOf(7));
    INDArray strided = Nd4j.randn(DataType.FLOAT, 3, 7, 8, 8).permute(1, 0, 2, 3);
    for (INDArray images : new INDArray[] {dense, strided, dense.get(
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))}) {
      INDArray expected = graph.outputSingle(false, images.dup());
      double difference = expected.sub(fast.output(images)).amaxNumber().doubleValue();
      assertTrue(difference < 2e-5, "batch " + images.size(0) + ": max difference " + difference);
    }
  }

  /**
   * Folded weights are cached between calls: after a training step changes the graph's
   * parameters, the next output follows them, with oneDNN's fused convolutions and without.
   */
  @Test
  void outputFollowsTheGraphAfterAStepWithAndWithoutOneDnn() {
    for (String oneDnn : new String[] {"true", "false"}) {
      System.setProperty(OneDnn.PROPERTY, oneDnn);
      try {
        ComputationGraph graph = FastTrainingTest.tiny();
        FastInference fast = FastInference.of(graph, FastTrainingTest.TINY_PLAN);
        INDArray images = Nd4j.randn(DataType.FLOAT, FastTrainingTest.TINY.batchOf(5));
        for (int step = 0; step < 3; step++) {
          INDArray expected = graph.outputSingle(false, images);
          double difference = expected.sub(fast.output(images)).amaxNumber().doubleValue();
          assertTrue(difference < 2e-5, "oneDNN " + oneDnn + ", after " + step
              + " steps: max difference " + difference);
          graph.fit(new DataSet(Nd4j.randn(DataType.FLOAT, FastTrainingTest.TINY.batchOf(6))
              .addi(1), Nd4j.eye(6).getColumns(0, 1, 2, 3, 4)));
          // graph.params() answers a new view each time: callers keep this by its memory.
          assertTrue(fast.isOver(graph), "a step keeps the graph's parameter memory");
        }
      } finally {
        System.clearProperty(OneDnn.PROPERTY);
      }
    }
  }

  @Test
  void convolutionBiasesFoldWithTheBatchNorm() {
    assertSameOutputsAfterTraining(FastTrainingTest.tiny(), FastTrainingTest.TINY_PLAN);
  }

  @Test
  void preActivationBlocksAndADeepStem() {
    assertSameOutputsAfterTraining(FastTrainingTest.preActivation(),
        FastTrainingTest.PRE_ACTIVATION_PLAN);
  }

  @Test
  void groupedConvolutionsSqueezeExcitationAndTheCeilModePool() {
    assertSameOutputsAfterTraining(FastTrainingTest.nextWave(), FastTrainingTest.NEXT_WAVE_PLAN);
  }

  /**
   * Without oneDNN, libnd4j runs the NHWC convolutions; it has no groups, so a grouped network is
   * refused in one line (and {@code FastPath} runs it on the graph), while the others still match.
   */
  @Test
  void withoutOneDnnGroupedConvolutionsAreRefusedAndPreActivationStillMatches() {
    System.setProperty(OneDnn.PROPERTY, "false");
    try {
      UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
          () -> FastInference.of(FastTrainingTest.nextWave(), FastTrainingTest.NEXT_WAVE_PLAN));
      assertTrue(refused.getMessage().contains("grouped convolution needs oneDNN"),
          refused.getMessage());
      assertSameOutputsAfterTraining(FastTrainingTest.preActivation(),
          FastTrainingTest.PRE_ACTIVATION_PLAN);
    } finally {
      System.clearProperty(OneDnn.PROPERTY);
    }
  }

  @Test
  void resNet20() {
    GeneratedNetwork network = PaperNetworks.resNet20();
    perturb(network, 8, 11);
    assertSameOutputs(network, 8, 3);
  }

  /**
   * A ResNet-50-sized network (7x7/2 stem, max pool, bottlenecks with projections, 224x224): every
   * oneDNN primitive shape of the paper's ImageNet networks against the graph. Batch norms get
   * random statistics and affine parameters, so that folding them matters.
   */
  @Test
  void resNet50WithRandomBatchNormStatistics() {
    GeneratedNetwork network = PaperNetworks.resNet50();
    Nd4j.getRandom().setSeed(17);
    network.graph().paramTable().forEach((name, values) -> {
      if (name.endsWith("_mean") || name.endsWith("_beta")) {
        values.assign(Nd4j.randn(DataType.FLOAT, values.shape()).muli(0.1));
      } else if (name.endsWith("_var") || name.endsWith("_gamma")) {
        values.assign(Nd4j.rand(DataType.FLOAT, values.shape()).addi(0.5));
      }
    });
    assertSameOutputs(network, 2);
  }
}
