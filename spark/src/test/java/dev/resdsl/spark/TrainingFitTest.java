package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.exec.FastPath;
import dev.resdsl.runtime.train.ScoreSum;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loss and error Spark measures after an epoch against those one machine measures
 * during a step, for the same batch and the same network: one formula for both.
 */
class TrainingFitTest {
  private static final long SEED = 21;
  private static final int IMAGES = 64;

  /** One step of all the images, unaugmented, so both sides see the very same batch. */
  private static TrainingConfig config() {
    return TrainingConfig.paper(1).toBuilder().batchSize(IMAGES).augment(false).seed(SEED).build();
  }

  private static TrainingData data() throws IOException {
    return TrainingData.of(DataSources.load("synthetic:" + IMAGES, SmallResNet.INPUT, SEED,
        note -> { }), config(), 10);
  }

  private static String outputOf(ComputationGraph graph) {
    return graph.getConfiguration().getNetworkOutputs().get(0);
  }

  /**
   * A network whose batch-norm running statistics are {@code batch}'s own, so that inference mode
   * (Spark's measurement) computes what training mode (a step's forward pass) does, and whose
   * output weights are scaled up until wrong classes get probabilities below 1e-30.
   */
  private static SmallResNet confidentNetworkFor(INDArray batch) {
    SmallResNet network = SmallResNet.create(SEED);
    ComputationGraph graph = network.graph();
    graph.getParam(outputOf(graph) + "_W").muli(200);
    Map<String, INDArray> training = graph.feedForward(batch, true);
    ComputationGraphConfiguration configuration = graph.getConfiguration();
    for (Map.Entry<String, GraphVertex> vertex : configuration.getVertices().entrySet()) {
      if (vertex.getValue() instanceof LayerVertex layer
          && layer.getLayerConf().getLayer() instanceof BatchNormalization) {
        String name = vertex.getKey();
        INDArray input = training.get(configuration.getVertexInputs().get(name).get(0));
        INDArray mean = graph.getParam(name + "_mean");
        INDArray variance = graph.getParam(name + "_var");
        mean.assign(input.mean(0, 2, 3).reshape(mean.shape()));
        // Biased, as batch normalisation divides by it in training mode.
        variance.assign(input.var(false, 0, 2, 3).reshape(variance.shape()));
      }
    }
    return network;
  }

  /** The loss and error one step on one machine measures of its batch, before its update. */
  private static double[] oneMachineStep(SmallResNet network, TrainingData data, boolean fast)
      throws IOException {
    double[] measured = new double[2];
    TrainingProgress firstStep = new TrainingProgress() {
      @Override
      public void iterationDone(long iteration, int images, double loss, double error) {
        assertEquals(1, iteration);
        measured[0] = loss;
        measured[1] = error;
      }
    };
    String before = System.getProperty(FastPath.TRAINING_PROPERTY);
    System.setProperty(FastPath.TRAINING_PROPERTY, Boolean.toString(fast));
    try {
      new Trainer(config(), firstStep).train(network, data, TrainingState.start(SEED, data),
          Optional.empty());
    } finally {
      if (before == null) {
        System.clearProperty(FastPath.TRAINING_PROPERTY);
      } else {
        System.setProperty(FastPath.TRAINING_PROPERTY, before);
      }
    }
    return measured;
  }

  @ParameterizedTest(name = "fast path {0}")
  @ValueSource(booleans = {true, false})
  void sparkMeasuresTheLossAndErrorAStepOnOneMachineMeasuresOfTheSameBatch(boolean fast)
      throws IOException {
    TrainingData data = data();
    DataSet batch = data.trainingEpoch(0).next();
    assertEquals(IMAGES, batch.numExamples());
    SmallResNet measuredOnSpark = confidentNetworkFor(batch.getFeatures());
    SmallResNet steppedHere = SmallResNet.create(SEED);
    steppedHere.graph().params().assign(measuredOnSpark.graph().params());

    ComputationGraph graph = measuredOnSpark.graph();
    String head = graph.getConfiguration().getVertexInputs().get(outputOf(graph)).get(0);
    INDArray features = batch.getFeatures();
    assertArrayEquals(graph.feedForward(features, true).get(head).ravel().toFloatVector(),
        graph.feedForward(features, false).get(head).ravel().toFloatVector(), 1e-3f,
        "training and inference mode agree on this batch, or the two sides measure different"
            + " networks");

    ScoreSum spark;
    try (JavaSparkContext context = SparkContexts.open("local[2]", "TrainingFitTest")) {
      // Two halves, one a worker: the sums are merged as an epoch's are.
      List<DataSet> halves = List.of(
          (DataSet) batch.getRange(0, IMAGES / 2), (DataSet) batch.getRange(IMAGES / 2, IMAGES));
      spark = TrainingFit.measure(context, graph, context.parallelize(halves, 2));
    }
    double[] here = oneMachineStep(steppedHere, data, fast);

    assertEquals(IMAGES, spark.count());
    // The log of softmax probabilities, kept finite by clamping them at 1e-30, caps an image's
    // loss at 69 nats: above that only the exact log-softmax of the logits agrees.
    assertTrue(here[0] > 100, "a loss only exact log-softmax reaches: " + here[0]);
    assertEquals(here[0], spark.loss(), 1e-3 * here[0], "the loss");
    assertEquals(here[1], spark.error(), 1e-9, "the error");
  }
}
