package dev.resdsl.spark;

import java.io.Serializable;
import java.util.List;
import org.nd4j.evaluation.BaseEvaluation;
import org.nd4j.evaluation.IMetric;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean cross-entropy and error of a network's softmax outputs over labelled batches: a
 * Deeplearning4j evaluation, so that Spark computes it on the workers that hold the batches and
 * merges the sums. Unlike DL4J's own score, the loss has no weight-decay term, as {@code
 * metrics.csv}'s single-machine rows have none.
 */
final class TrainingFit extends BaseEvaluation<TrainingFit> {
  private static final long serialVersionUID = 1L;

  /** Keeps log(0) out of the sum: a probability that underflowed counts as about 69 nats. */
  private static final double SMALLEST_PROBABILITY = 1e-30;

  private double lossSum;
  private long errors;
  private long count;

  double loss() {
    return count == 0 ? Double.NaN : lossSum / count;
  }

  double error() {
    return count == 0 ? Double.NaN : (double) errors / count;
  }

  long count() {
    return count;
  }

  @Override
  public void eval(INDArray labels, INDArray predictions, INDArray mask,
      List<? extends Serializable> recordMetaData) {
    if (mask != null) {
      throw new IllegalArgumentException("image batches have no masks");
    }
    INDArray probabilities = predictions.castTo(labels.dataType());
    INDArray logs = Transforms.log(Transforms.max(probabilities, SMALLEST_PROBABILITY, true), false);
    long n = labels.size(0);
    lossSum -= logs.muli(labels).sumNumber().doubleValue();
    errors += n - Nd4j.argMax(probabilities, 1).eq(Nd4j.argMax(labels, 1))
        .castTo(labels.dataType()).sumNumber().longValue();
    count += n;
  }

  @Override
  public void merge(TrainingFit other) {
    lossSum += other.lossSum;
    errors += other.errors;
    count += other.count;
  }

  @Override
  public void reset() {
    lossSum = 0;
    errors = 0;
    count = 0;
  }

  @Override
  public String stats() {
    return String.format(java.util.Locale.ROOT, "%d images: loss %.4f, error %.4f", count, loss(),
        error());
  }

  @Override
  public double getValue(IMetric metric) {
    throw new UnsupportedOperationException("TrainingFit has loss() and error() only");
  }

  @Override
  public TrainingFit newInstance() {
    return new TrainingFit();
  }
}
