package dev.resdsl.runtime.exec;

import dev.resdsl.model.plan.Parameter;
import dev.resdsl.runtime.graph.GraphParameters;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J batch-norm layer's parameters as flat {@code [C]} views of the graph's own arrays, and
 * the per-channel scale {@code gamma / sqrt(variance + epsilon)} that folding needs; {@code
 * zeros} and {@code ones} are {@code [C]} constants for ops that need them.
 */
record BatchNormWeights(INDArray gamma, INDArray beta, INDArray mean, INDArray variance,
    double epsilon, INDArray scaleBuffer, INDArray zeros, INDArray ones) {

  static BatchNormWeights of(Layer layer, double epsilon) {
    INDArray gamma = flat(layer.getParam(GraphParameters.key(Parameter.GAMMA)));
    return new BatchNormWeights(gamma,
        flat(layer.getParam(GraphParameters.key(Parameter.BETA))),
        flat(layer.getParam(GraphParameters.key(Parameter.RUNNING_MEAN))),
        flat(layer.getParam(GraphParameters.key(Parameter.RUNNING_VAR))),
        epsilon, gamma.ulike(), Nd4j.zeros(gamma.dataType(), gamma.length()),
        Nd4j.ones(gamma.dataType(), gamma.length()));
  }

  /** gamma / sqrt(running variance + epsilon), into a buffer of its own, in one op. */
  INDArray scale() {
    Ops.batchNorm(ones, zeros, variance, gamma, zeros, epsilon, 0, scaleBuffer);
    return scaleBuffer;
  }

  /** {@code [1, C]} parameters as {@code [C]} views. */
  static INDArray flat(INDArray parameter) {
    INDArray view = parameter.reshape(parameter.length());
    if (!Views.sameMemory(view, parameter)) {
      throw new IllegalStateException("batch-norm parameters are not contiguous views");
    }
    return view;
  }
}
