package dev.resdsl.runtime.exec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The mean cross-entropy and the number of wrong top-1 predictions of a batch's logits, the
 * paper's training loss and error.
 *
 * @param loss mean cross-entropy over the batch, without any weight penalty
 * @param errors examples whose largest logit is not their label's
 * @param count examples in the batch
 */
// Serializable: Spark's workers send their steps' scores back to the driver.
public record BatchScore(double loss, int errors, int count) implements java.io.Serializable {

  /** The score of logits {@code [N, K]} against one-hot labels {@code [N, K]}. */
  public static BatchScore of(INDArray logits, INDArray labels) {
    long n = logits.size(0);
    // log-softmax as logits - max - log(sum(exp(logits - max))): a probability that underflows
    // to 0 would make log(softmax) -inf, and -inf times a label of 0 NaN.
    INDArray shifted = logits.subColumnVector(logits.max(true, 1));
    INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
    INDArray logProbabilities = shifted.subiColumnVector(logSumExp);
    double loss = -logProbabilities.muli(labels.castTo(logits.dataType())).sumNumber().doubleValue()
        / n;
    INDArray predicted = Nd4j.argMax(logits, 1);
    INDArray actual = Nd4j.argMax(labels, 1);
    int wrong = (int) (n - predicted.eq(actual).castTo(DataType.INT).sumNumber().longValue());
    return new BatchScore(loss, wrong, (int) n);
  }
}
