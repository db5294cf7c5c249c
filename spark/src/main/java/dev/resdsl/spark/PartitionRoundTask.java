package dev.resdsl.spark;

import dev.resdsl.runtime.data.ImageBatches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A worker's part of a round on its own partition of a {@link SparkTrainingData}: it draws its
 * round's batches from its cached images (batches {@code round x averaging} onwards of its
 * epoch) and trains on them as {@link RoundTask} does; a partition whose epoch is over sends
 * nothing. Its result depends on its inputs alone, so Spark may run it again after a failure.
 */
final class PartitionRoundTask
    implements Function2<Integer, Iterator<PartitionImages>, Iterator<RoundResult>> {
  private static final long serialVersionUID = 1L;

  private final NetworkBlueprint blueprint;
  private final Broadcast<ModelState> start;
  private final double learningRate;
  private final long iteration;
  private final PartitionBatches batches;
  private final int epoch;
  private final int firstBatch;
  private final int count;

  PartitionRoundTask(NetworkBlueprint blueprint, Broadcast<ModelState> start,
      double learningRate, long iteration, PartitionBatches batches, int epoch, int firstBatch,
      int count) {
    this.blueprint = blueprint;
    this.start = start;
    this.learningRate = learningRate;
    this.iteration = iteration;
    this.batches = batches;
    this.epoch = epoch;
    this.firstBatch = firstBatch;
    this.count = count;
  }

  @Override
  public Iterator<RoundResult> call(Integer partition, Iterator<PartitionImages> images) {
    List<DataSet> share = new ArrayList<>();
    while (images.hasNext()) {
      ImageBatches epochBatches = batches.training(images.next().images(), partition, epoch);
      long first = (long) firstBatch * batches.batchSize();
      if (first >= epochBatches.size()) {
        continue;
      }
      epochBatches.seek((int) first);
      while (share.size() < count && epochBatches.hasNext()) {
        share.add(epochBatches.next());
      }
    }
    if (share.isEmpty()) {
      return Collections.emptyIterator();
    }
    return RoundTask.train(blueprint, start, learningRate, iteration, partition, share);
  }
}
