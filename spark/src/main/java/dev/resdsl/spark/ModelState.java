package dev.resdsl.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What workers average: a graph's parameters, which in Deeplearning4j include the batch norms'
 * running means and variances, and its updater's state (momentum), as plain arrays that Spark
 * serialises in bulk.
 */
final class ModelState implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] parameters;
  private final float[] updater;

  private ModelState(float[] parameters, float[] updater) {
    this.parameters = parameters;
    this.updater = updater;
  }

  /** A copy of {@code graph}'s state. */
  static ModelState of(ComputationGraph graph) {
    INDArray state = graph.getUpdater(true).getStateViewArray();
    return new ModelState(graph.params().toFloatVector(),
        state == null ? new float[0] : state.toFloatVector());
  }

  /** Writes this state into {@code graph}, whose updater must have the same size of state. */
  void writeTo(ComputationGraph graph) {
    assign(graph.params(), parameters);
    if (updater.length > 0) {
      assign(graph.getUpdater(true).getStateViewArray(), updater);
    }
  }

  /** Adds {@code other} into this state, element by element; returns this state. */
  ModelState add(ModelState other) {
    addInto(parameters, other.parameters);
    addInto(updater, other.updater);
    return this;
  }

  /** This state divided by {@code count}, in place: the mean of {@code count} added states. */
  ModelState divide(int count) {
    float inverse = 1f / count;
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] *= inverse;
    }
    for (int i = 0; i < updater.length; i++) {
      updater[i] *= inverse;
    }
    return this;
  }

  private static void addInto(float[] sum, float[] value) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += value[i];
    }
  }

  private static void assign(INDArray target, float[] values) {
    // The views may be [1, n] or [n]: assign by the flat order both are kept in.
    target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
  }
}
