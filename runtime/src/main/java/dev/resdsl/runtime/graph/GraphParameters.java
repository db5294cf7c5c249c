package dev.resdsl.runtime.graph;

import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.model.plan.PlannedLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the Deeplearning4j graph lowered from a plan keeps each planned parameter: the key of a
 * {@link Parameter} in its layer's parameter table, and whether Deeplearning4j stores it
 * transposed.
 */
public final class GraphParameters {
  private GraphParameters() {}

  /** The parameter's key in a Deeplearning4j layer's parameter table. */
  public static String key(Parameter parameter) {
    return switch (parameter) {
      case WEIGHT -> DefaultParamInitializer.WEIGHT_KEY;
      case BIAS -> DefaultParamInitializer.BIAS_KEY;
      case GAMMA -> BatchNormalizationParamInitializer.GAMMA;
      case BETA -> BatchNormalizationParamInitializer.BETA;
      case RUNNING_MEAN -> BatchNormalizationParamInitializer.GLOBAL_MEAN;
      case RUNNING_VAR -> BatchNormalizationParamInitializer.GLOBAL_VAR;
    };
  }

  /**
   * Whether Deeplearning4j holds the transpose of the planned shape: a dense layer's weights are
   * {@code [in, out]} there, {@code [out, in]} in the plan (and PyTorch and ONNX).
   */
  public static boolean transposed(PlannedLayer layer, Parameter parameter) {
    return layer.op() instanceof LayerOp.DenseSoftmax && parameter == Parameter.WEIGHT;
  }

  /**
   * The graph's own array of a layer's parameter, a view into its parameters, in Deeplearning4j's
   * layout (vectors are {@code [1, n]}, dense weights {@code [in, out]}).
   *
   * @throws IllegalArgumentException if the graph has no such layer or parameter
   */
  public static INDArray array(ComputationGraph graph, String layer, Parameter parameter) {
    org.deeplearning4j.nn.api.Layer dl4j = graph.getLayer(layer);
    if (dl4j == null) {
      throw new IllegalArgumentException("the graph has no layer " + layer);
    }
    INDArray array = dl4j.paramTable().get(key(parameter));
    if (array == null) {
      throw new IllegalArgumentException("layer " + layer + " has no " + parameter);
    }
    return array;
  }
}
