package dev.resdsl.spark;

import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.eval.Evaluation;
import dev.resdsl.runtime.eval.Evaluator;
import dev.resdsl.runtime.exec.FastInference;
import dev.resdsl.runtime.exec.FastPath;
import dev.resdsl.runtime.exec.FastTraining;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * An executor's copy of the network, trained by the same engine as on one machine ({@link
 * FastTraining}); each round starts it afresh from the driver's averaged state, so a copy that
 * served a failed task serves a retried one just as well.
 */
final class WorkerNetwork {
  private final ComputationGraph graph;
  private final LayerPlan plan;
  private final FastTraining training;
  private UnaryOperator<INDArray> inference;
  private double learningRate = Double.NaN;

  WorkerNetwork(ComputationGraph graph, LayerPlan plan) {
    this.graph = graph;
    this.plan = plan;
    this.training = FastTraining.of(graph, plan);
  }

  /**
   * Sets the round's learning rate, then every parameter, running statistic and momentum from
   * {@code state}, and the step count the updater reads.
   */
  void start(ModelState state, double rate, long iteration) {
    if (rate != learningRate) {
      // Before the state: changing the rate rebuilds the updater (keeping its state).
      graph.setLearningRate(rate);
      learningRate = rate;
    }
    state.writeTo(graph);
    graph.getConfiguration().setIterationCount((int) iteration);
  }

  /** One training step on {@code batch}; the score of its forward pass, before the update. */
  BatchScore fit(DataSet batch) {
    return training.fit(batch.getFeatures(), batch.getLabels());
  }

  /**
   * The evaluation of the network in {@code state} on {@code batches}, with the engine's
   * inference where it runs the network, else the graph's.
   */
  Evaluation evaluate(ModelState state, DataSetIterator batches, int classes) {
    state.writeTo(graph);
    if (inference == null) {
      FastInference fast = FastPath.orFallback("an executor's copy", "inference",
          () -> FastInference.of(graph, plan));
      inference = fast != null ? fast::output : images -> graph.outputSingle(false, images);
    }
    return Evaluator.evaluate(inference, classes, batches);
  }

  /** The state after the steps since {@link #start}. */
  ModelState state() {
    return ModelState.of(graph);
  }
}
