package dev.resdsl.runtime.graph;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The running form of a {@link ParameterFreeVertex}: no layer, no parameters, and every example's
 * mask passed on, since such a vertex keeps every example.
 */
// BaseGraphVertex's setInputs drops the varargs of the interface it implements; not ours to fix.
@SuppressWarnings("overrides")
abstract class ParameterFreeGraphVertex extends BaseGraphVertex {
  ParameterFreeGraphVertex(ComputationGraph graph, String name, int index, DataType dataType) {
    super(graph, name, index, null, null, dataType);
  }

  @Override
  public final boolean hasLayer() {
    return false;
  }

  @Override
  public final Layer getLayer() {
    return null;
  }

  @Override
  public final void setBackpropGradientsViewArray(INDArray view) {
    if (view != null) {
      throw new IllegalArgumentException(vertexName + " has no parameters");
    }
  }

  @Override
  public final Pair<INDArray, MaskState> feedForwardMaskArrays(
      INDArray[] masks, MaskState state, int minibatchSize) {
    return new Pair<>(masks == null || masks.length == 0 ? null : masks[0], state);
  }
}
