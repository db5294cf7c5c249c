package dev.resdsl.spark;

import dev.resdsl.runtime.exec.BatchScore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A worker's part of a round, run where its partition is: its copy of the network starts from
 * the round's state, takes one engine step per batch of its share, and returns its state and the
 * steps' scores. It reads nothing but its inputs, so Spark may run it again after a failure.
 */
final class RoundTask
    implements Function2<Integer, Iterator<List<DataSet>>, Iterator<RoundResult>> {
  private static final long serialVersionUID = 1L;

  private final NetworkBlueprint blueprint;
  private final Broadcast<ModelState> start;
  private final double learningRate;
  private final long iteration;

  RoundTask(NetworkBlueprint blueprint, Broadcast<ModelState> start, double learningRate,
      long iteration) {
    this.blueprint = blueprint;
    this.start = start;
    this.learningRate = learningRate;
    this.iteration = iteration;
  }

  @Override
  public Iterator<RoundResult> call(Integer partition, Iterator<List<DataSet>> shares) {
    List<DataSet> batches = new ArrayList<>();
    shares.forEachRemaining(batches::addAll);
    return train(blueprint, start, learningRate, iteration, partition, batches);
  }

  /**
   * A worker's round wherever its batches come from: a copy of {@code blueprint}'s network starts
   * from {@code start} and takes one engine step per batch; its state and the steps' scores.
   */
  static Iterator<RoundResult> train(NetworkBlueprint blueprint, Broadcast<ModelState> start,
      double learningRate, long iteration, int partition, List<DataSet> batches) {
    WorkerNetwork copy = WorkerNetworks.borrow(blueprint);
    try {
      copy.start(start.value(), learningRate, iteration);
      List<BatchScore> scores = new ArrayList<>();
      for (DataSet batch : batches) {
        scores.add(copy.fit(batch));
      }
      return List.of(RoundResult.of(partition, copy.state(), scores)).iterator();
    } finally {
      WorkerNetworks.giveBack(blueprint, copy);
    }
  }
}
