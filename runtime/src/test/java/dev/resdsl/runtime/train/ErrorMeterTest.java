package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.model.LayerNames;
import dev.resdsl.runtime.train.TrainingFixtures.PlainTiny;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The meter's loss and error of a step against Deeplearning4j itself: an independent forward
 * pass in training mode with the parameters before the step, and the score the step computed.
 */
class ErrorMeterTest {

  /** Cross-entropy and misclassified count of softmax outputs, in double precision. */
  private static double[] lossAndErrors(INDArray probabilities, INDArray labels) {
    float[][] p = probabilities.toFloatMatrix();
    float[][] y = labels.toFloatMatrix();
    double loss = 0;
    int wrong = 0;
    for (int i = 0; i < p.length; i++) {
      int label = argMax(y[i]);
      loss -= Math.log(p[i][label]);
      wrong += argMax(p[i]) == label ? 0 : 1;
    }
    return new double[] {loss / p.length, wrong};
  }

  private static int argMax(float[] row) {
    int best = 0;
    for (int c = 1; c < row.length; c++) {
      if (row[c] > row[best]) {
        best = c;
      }
    }
    return best;
  }

  /** The graph's training-mode output, computed on a copy so that nothing of it changes. */
  private static INDArray trainingModeOutput(ComputationGraph graph, INDArray features) {
    // Not clone(): a clone shares the original's listener list.
    ComputationGraph copy = new ComputationGraph(graph.getConfiguration().clone());
    copy.init(graph.params().dup(), false);
    return copy.outputSingle(true, features);
  }

  @Test
  void eachStepsLossAndErrorAreThoseOfTheStepsOwnForwardPass() {
    PlainTiny network = PlainTiny.create(3);
    ComputationGraph graph = network.graph();
    // No weight decay, so that DL4J's score is the bare cross-entropy.
    TrainingConfig config = TrainingConfig.paper(1).toBuilder()
        .batchSize(24).learningRate(0.05).weightDecay(0).build();
    OptimizerSetup.configure(graph, config);
    ErrorMeter meter = new ErrorMeter(graph, LayerNames.OUTPUT);
    graph.addListeners(meter);
    meter.startEpoch();
    DataSetIterator batches = TrainingData.of(TrainingFixtures.colourSplit(120, 10, 5), config, 5)
        .trainingEpoch(0);
    double lossSum = 0;
    double errorSum = 0;
    int images = 0;
    int steps = 0;
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      INDArray before = graph.params().dup();
      double[] expected = lossAndErrors(trainingModeOutput(graph, batch.getFeatures()),
          batch.getLabels());
      meter.expect(batch.getLabels());
      graph.fit(batch);
      meter.stepDone();
      steps++;
      assertTrue(!before.equals(graph.params()), "the step changed the parameters");
      assertEquals(expected[0], meter.lastLoss(), 1e-4 * Math.max(1, expected[0]),
          "step " + steps + ": the meter's loss");
      // DL4J's own score of the step (mean cross-entropy; no regularisation here).
      assertEquals(graph.score(), meter.lastLoss(), 1e-4 * Math.max(1, expected[0]),
          "step " + steps + ": DL4J's score");
      int n = batch.numExamples();
      lossSum += expected[0] * n;
      errorSum += expected[1];
      images += n;
      assertEquals(errorSum / images, meter.epochError(), 1e-9, "step " + steps + ": error");
      assertEquals(lossSum / images, meter.epochLoss(), 1e-4, "step " + steps + ": epoch loss");
    }
    assertEquals(5, steps);
    assertTrue(meter.epochError() > 0, "an untrained network misclassifies some images");
  }

  @Test
  void aConfidentNetworkHasAFiniteLoss() {
    // Logits 100s apart make some softmax probabilities exactly 0 in float; their log is -inf,
    // and -inf times a label of 0 must not turn the loss into NaN.
    PlainTiny network = PlainTiny.create(4);
    ComputationGraph graph = network.graph();
    TrainingConfig config = TrainingConfig.paper(1).toBuilder()
        .batchSize(20).learningRate(1e-6).weightDecay(0).augment(false).build();
    OptimizerSetup.configure(graph, config);
    graph.getParam("output_W").muli(1e4);
    ErrorMeter meter = new ErrorMeter(graph, LayerNames.OUTPUT);
    graph.addListeners(meter);
    DataSet batch = TrainingData.of(TrainingFixtures.colourSplit(20, 5, 6), config, 5)
        .trainingEpoch(0).next();
    INDArray probabilities = trainingModeOutput(graph, batch.getFeatures());
    // Label every image with the class the network is surest of: the loss is about 0.
    INDArray sure = org.nd4j.linalg.factory.Nd4j.zeros(batch.getLabels().dataType(), 20, 5);
    float[][] p = probabilities.toFloatMatrix();
    int saturated = 0;
    for (int i = 0; i < 20; i++) {
      sure.putScalar(i, argMax(p[i]), 1);
      for (float value : p[i]) {
        saturated += value == 0f ? 1 : 0;
      }
    }
    assertTrue(saturated > 0, "some probabilities underflow to 0, or the test tests nothing");
    meter.startEpoch();
    meter.expect(sure);
    graph.fit(new DataSet(batch.getFeatures(), sure));
    meter.stepDone();
    assertTrue(Double.isFinite(meter.lastLoss()), "loss " + meter.lastLoss());
    assertEquals(0, meter.lastLoss(), 1e-3);
    assertEquals(0, meter.epochError());
  }
}
