package dev.resdsl.runtime.eval;

import dev.resdsl.runtime.GeneratedNetwork;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Runs a network over labelled batches in inference mode and counts what it got right. */
public final class Evaluator {
  private Evaluator() {}

  /** Evaluates {@code network} on every batch of {@code batches}, from the start. */
  public static Evaluation evaluate(GeneratedNetwork network, DataSetIterator batches) {
    return evaluate(network::predict, network.description().classes(), batches);
  }

  /**
   * Evaluates the network whose softmax output {@code predict} gives, of {@code classes} classes,
   * on every batch of {@code batches}: a copy on a cluster's executor, say.
   */
  public static Evaluation evaluate(
      UnaryOperator<INDArray> predict, int classes, DataSetIterator batches) {
    long[][] confusion = new long[classes][classes];
    long images = 0;
    long top1 = 0;
    long top5 = 0;
    batches.reset();
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      float[][] probabilities = predict.apply(batch.getFeatures()).toFloatMatrix();
      float[][] labels = batch.getLabels().toFloatMatrix();
      for (int i = 0; i < probabilities.length; i++) {
        int actual = argMax(labels[i]);
        float[] row = probabilities[i];
        int predicted = 0;
        int above = 0;
        for (int c = 0; c < row.length; c++) {
          if (row[c] > row[predicted]) {
            predicted = c;
          }
          // Ties rank the lower class first, as for top-1: a row of equal probabilities is
          // not five correct guesses at once.
          if (row[c] > row[actual] || (row[c] == row[actual] && c < actual)) {
            above++;
          }
        }
        confusion[actual][predicted]++;
        top1 += predicted == actual ? 1 : 0;
        top5 += above < 5 ? 1 : 0;
        images++;
      }
    }
    return new Evaluation(images, top1, top5, confusion);
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
}
