package dev.resdsl.runtime.graph;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A squeeze-and-excitation unit's scaling as a Deeplearning4j graph vertex: its first input, NCHW
 * activations {@code [N, C, H, W]}, times its second, the channels' weights {@code [N, C, 1, 1]},
 * channel by channel. Deeplearning4j's element-wise product vertex does not broadcast, hence this.
 *
 * <p>Deeplearning4j stores graph vertices in its JSON with their class name, so this class must
 * stay public and keep its name; it has no properties.
 */
public final class ChannelScaleVertex extends ParameterFreeVertex {
  /** The scaling vertex; all are alike. */
  public ChannelScaleVertex() {}

  @Override
  public ChannelScaleVertex clone() {
    return new ChannelScaleVertex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelScaleVertex;
  }

  @Override
  public int hashCode() {
    return ChannelScaleVertex.class.hashCode();
  }

  @Override
  public int minVertexInputs() {
    return 2;
  }

  @Override
  public int maxVertexInputs() {
    return 2;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
      ComputationGraph graph,
      String name,
      int index,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    return new ChannelScale(graph, name, index, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs)
      throws InvalidInputTypeException {
    if (inputs.length != 2
        || !(inputs[0] instanceof InputType.InputTypeConvolutional x)
        || !(inputs[1] instanceof InputType.InputTypeConvolutional weights)
        || x.getFormat() != CNN2DFormat.NCHW
        || weights.getFormat() != CNN2DFormat.NCHW
        || weights.getChannels() != x.getChannels()
        || weights.getHeight() != 1
        || weights.getWidth() != 1) {
      throw new InvalidInputTypeException("channel scale expects NCHW activations [N, C, H, W]"
          + " and weights [N, C, 1, 1], got " + Arrays.toString(inputs));
    }
    return x;
  }

  @Override
  public String toString() {
    return "ChannelScaleVertex()";
  }
}
