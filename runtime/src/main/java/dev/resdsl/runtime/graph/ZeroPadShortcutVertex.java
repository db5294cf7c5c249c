package dev.resdsl.runtime.graph;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The paper's parameter-free shortcut (option A) as a Deeplearning4j graph vertex: the input
 * sampled at every {@code stride}-th row and column, with zero channels added up to {@code
 * channels}, half of them (rounded down) before the input's channels and the rest after, as in
 * {@code F.pad(x[:, :, ::s, ::s], (0, 0, 0, 0, pad // 2, pad - pad // 2))}.
 *
 * <p>Deeplearning4j stores graph vertices in its JSON with their class name, so this class must
 * stay public, keep its name, and keep the JSON property names of its constructor.
 */
public final class ZeroPadShortcutVertex extends ParameterFreeVertex {
  // Named explicitly: DL4J's JSON mapper sees neither private fields nor record-style accessors.
  @JsonProperty("channels")
  private final int channels;

  @JsonProperty("stride")
  private final int stride;

  /**
   * A shortcut to {@code channels} output channels sampling every {@code stride}-th position.
   *
   * @throws IllegalArgumentException if either is not positive
   */
  @JsonCreator
  public ZeroPadShortcutVertex(
      @JsonProperty("channels") int channels, @JsonProperty("stride") int stride) {
    if (channels < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "channels and stride must be positive, got " + channels + " and " + stride);
    }
    this.channels = channels;
    this.stride = stride;
  }

  /** The number of output channels. */
  public int channels() {
    return channels;
  }

  /** The spatial sampling step. */
  public int stride() {
    return stride;
  }

  /** The zero channels added before the input's when {@code inputChannels} come in. */
  static long channelsBefore(long inputChannels, long outputChannels) {
    return (outputChannels - inputChannels) / 2;
  }

  /** {@code ceil(size / stride)}: positions 0, s, 2s, ... inside the input. */
  static long sampledSize(long size, long stride) {
    return (size + stride - 1) / stride;
  }

  @Override
  public ZeroPadShortcutVertex clone() {
    return new ZeroPadShortcutVertex(channels, stride);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZeroPadShortcutVertex other
        && other.channels == channels
        && other.stride == stride;
  }

  @Override
  public int hashCode() {
    return 31 * channels + stride;
  }

  @Override
  public int minVertexInputs() {
    return 1;
  }

  @Override
  public int maxVertexInputs() {
    return 1;
  }

  @Override
  public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
      ComputationGraph graph,
      String name,
      int index,
      INDArray paramsView,
      boolean initializeParams,
      DataType dataType) {
    return new ZeroPadShortcut(graph, name, index, channels, stride, dataType);
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType... inputs)
      throws InvalidInputTypeException {
    if (inputs.length != 1
        || !(inputs[0] instanceof InputType.InputTypeConvolutional in)
        || in.getFormat() != CNN2DFormat.NCHW) {
      throw new InvalidInputTypeException(
          "zero-pad shortcut expects one NCHW convolutional input, got " + Arrays.toString(inputs));
    }
    if (in.getChannels() > channels) {
      throw new InvalidInputTypeException(
          "zero-pad shortcut cannot reduce "
              + in.getChannels()
              + " channels to "
              + channels
              + "; use a projection shortcut");
    }
    return InputType.convolutional(
        sampledSize(in.getHeight(), stride), sampledSize(in.getWidth(), stride), channels);
  }

  @Override
  public String toString() {
    return "ZeroPadShortcutVertex(channels=" + channels + ", stride=" + stride + ")";
  }
}
