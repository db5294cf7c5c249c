package dev.resdsl.spark;

import dev.resdsl.runtime.exec.BatchScore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a round's workers send back, summed as Spark's tree aggregation merges them: the sum of
 * their states, how many they are, and each one's step scores by partition, so that the driver
 * reports the steps in the order of the epoch's batches.
 */
final class RoundResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private ModelState sum;
  private int workers;
  private final TreeMap<Integer, List<BatchScore>> scores = new TreeMap<>();

  /** No worker yet: the aggregation's zero. */
  RoundResult() {}

  /** Partition {@code partition}'s state after its steps, and their scores. */
  static RoundResult of(int partition, ModelState state, List<BatchScore> steps) {
    RoundResult result = new RoundResult();
    result.sum = state;
    result.workers = 1;
    result.scores.put(partition, new ArrayList<>(steps));
    return result;
  }

  /** Adds {@code other} into this result; returns this result, as Spark's aggregation allows. */
  RoundResult merge(RoundResult other) {
    if (other.workers == 0) {
      return this;
    }
    sum = sum == null ? other.sum : sum.add(other.sum);
    workers += other.workers;
    scores.putAll(other.scores);
    return this;
  }

  /** The mean state of the workers, an equal share each, as DL4J's parameter averaging takes it. */
  ModelState average() {
    return sum.divide(workers);
  }

  /** Every step's score, partition by partition, each partition's in its order. */
  List<BatchScore> steps() {
    List<BatchScore> all = new ArrayList<>();
    for (Map.Entry<Integer, List<BatchScore>> entry : scores.entrySet()) {
      all.addAll(entry.getValue());
    }
    return all;
  }
}
