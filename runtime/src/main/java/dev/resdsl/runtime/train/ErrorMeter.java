package dev.resdsl.runtime.train;

import dev.resdsl.model.plan.Parameter;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.graph.GraphParameters;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Measures the training loss and error of each step from the forward pass the step itself makes,
 * so that the paper's training-error curve costs no second forward pass; {@link EpochRunner}
 * keeps one for every run, also where an epoch is measured after the fact.
 *
 * <p>Deeplearning4j hands listeners every activation but the output layer's; the meter applies the
 * output layer's weights to its input, which is cheap, to get the logits.
 */
final class ErrorMeter extends BaseTrainingListener {
  private static final int RECENT = 20;

  private final String outputLayer;
  private final String outputInput;
  private final ComputationGraph graph;
  private INDArray labels;
  private double lastLoss = Double.NaN;
  private int lastErrors;
  private int lastCount;
  private ScoreSum epoch = new ScoreSum();
  private final double[] recentErrors = new double[RECENT];
  private int recentSize;
  private int recentNext;

  ErrorMeter(ComputationGraph graph, String outputLayer) {
    this.graph = graph;
    this.outputLayer = outputLayer;
    this.outputInput = graph.getConfiguration().getVertexInputs().get(outputLayer).get(0);
  }

  /** The one-hot labels of the batch about to be fitted. */
  void expect(INDArray batchLabels) {
    labels = batchLabels;
  }

  @Override
  public void onForwardPass(Model model, Map<String, INDArray> activations) {
    INDArray features = activations.get(outputInput);
    if (features == null || labels == null) {
      return;
    }
    long n = features.size(0);
    INDArray flat = features.rank() == 2 ? features : features.reshape('c', n, features.length() / n);
    INDArray weights = GraphParameters.array(graph, outputLayer, Parameter.WEIGHT);
    INDArray bias = GraphParameters.array(graph, outputLayer, Parameter.BIAS);
    INDArray logits = flat.castTo(weights.dataType()).mmul(weights).addiRowVector(bias);
    record(BatchScore.of(logits, labels));
    labels = null;
  }

  /** The score of the batch about to be recorded by {@link #stepDone}. */
  void record(BatchScore score) {
    lastLoss = score.loss();
    lastErrors = score.errors();
    lastCount = score.count();
  }

  /** The score recorded last. */
  BatchScore lastScore() {
    return new BatchScore(lastLoss, lastErrors, lastCount);
  }

  /** Records the step just fitted; call once after each fit. */
  void stepDone() {
    epoch.add(lastScore());
    recentErrors[recentNext] = lastCount == 0 ? 1 : (double) lastErrors / lastCount;
    recentNext = (recentNext + 1) % RECENT;
    recentSize = Math.min(RECENT, recentSize + 1);
  }

  /** Starts the epoch's averages afresh. */
  void startEpoch() {
    epoch = new ScoreSum();
  }

  /** Takes the epoch's averages from a measurement after it, where its steps had no scores. */
  void epochMeasured(ScoreSum measured) {
    epoch = measured;
  }

  double lastLoss() {
    return lastLoss;
  }

  double lastError() {
    return lastCount == 0 ? Double.NaN : (double) lastErrors / lastCount;
  }

  double epochLoss() {
    return epoch.loss();
  }

  double epochError() {
    return epoch.error();
  }

  /** The error of the last few steps, for ending a warm-up. */
  double recentError() {
    double sum = 0;
    for (int i = 0; i < recentSize; i++) {
      sum += recentErrors[i];
    }
    return recentSize == 0 ? 1 : sum / recentSize;
  }
}
