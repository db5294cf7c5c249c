package dev.resdsl.spark;

import dev.resdsl.runtime.eval.Evaluation;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Evaluates the driver's network on one partition of test images, where they are cached: the
 * executor's copy takes the driver's state and classifies the partition's images; the driver adds
 * the partitions' evaluations up ({@link Evaluation#plus}).
 */
final class EvaluationTask implements FlatMapFunction<Iterator<PartitionImages>, Evaluation> {
  private static final long serialVersionUID = 1L;

  private final NetworkBlueprint blueprint;
  private final Broadcast<ModelState> state;
  private final PartitionBatches batches;

  EvaluationTask(NetworkBlueprint blueprint, Broadcast<ModelState> state,
      PartitionBatches batches) {
    this.blueprint = blueprint;
    this.state = state;
    this.batches = batches;
  }

  @Override
  public Iterator<Evaluation> call(Iterator<PartitionImages> images) {
    if (!images.hasNext()) {
      return Collections.emptyIterator();
    }
    PartitionImages partition = images.next();
    if (partition.images().size() == 0) {
      return Collections.emptyIterator();
    }
    WorkerNetwork copy = WorkerNetworks.borrow(blueprint);
    try {
      return List.of(copy.evaluate(state.value(), batches.evaluation(partition.images()),
          batches.classes())).iterator();
    } finally {
      WorkerNetworks.giveBack(blueprint, copy);
    }
  }
}
