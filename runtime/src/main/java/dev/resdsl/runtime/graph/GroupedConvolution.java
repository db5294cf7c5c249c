package dev.resdsl.runtime.graph;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A grouped convolution (ResNeXt's) as a Deeplearning4j layer, which Deeplearning4j 1.0.0-M2.1
 * lacks: the input's channels split into {@code groups} equal groups, each convolved with its own
 * share of the weights, the outputs concatenated in group order. Its weights {@code W} have
 * PyTorch's shape {@code [out, in / groups, k, k]}, group {@code g}'s filters being rows {@code g *
 * out / groups} onwards as in PyTorch, so that a state dict's tensor is its weights as they are;
 * its optional bias {@code b} is {@code [1, out]}, as Deeplearning4j's convolutions keep theirs.
 * Padding is symmetric, {@code kernel / 2}, as for every convolution of a plan; there is no
 * activation (the plan's activations are layers of their own).
 *
 * <p>Deeplearning4j stores layers in its JSON with their class name, so this class must stay
 * public, keep its name, and keep its JSON property names.
 */
public final class GroupedConvolution extends FeedForwardLayer {
  // Named explicitly: DL4J's JSON mapper sees neither private fields nor record-style accessors.
  @JsonProperty("kernel")
  private int kernel;

  @JsonProperty("stride")
  private int stride;

  @JsonProperty("groups")
  private int groups;

  @JsonProperty("hasBias")
  private boolean hasBias;

  /** For Deeplearning4j's JSON reader. */
  private GroupedConvolution() {}

  /**
   * A convolution to {@code outputChannels} in {@code groups} groups; the input channels are set
   * from the graph's input types.
   *
   * @throws IllegalArgumentException if a size is not positive or the groups do not divide the
   *     output channels
   */
  public GroupedConvolution(
      int outputChannels, int kernel, int stride, int groups, boolean hasBias) {
    if (outputChannels < 1 || kernel < 1 || stride < 1 || groups < 1
        || outputChannels % groups != 0) {
      throw new IllegalArgumentException("a grouped convolution needs positive sizes and groups"
          + " that divide its outputs, got " + outputChannels + " outputs, kernel " + kernel
          + ", stride " + stride + ", " + groups + " groups");
    }
    setNOut(outputChannels);
    this.kernel = kernel;
    this.stride = stride;
    this.groups = groups;
    this.hasBias = hasBias;
  }

  /** The kernel's side. */
  public int kernel() {
    return kernel;
  }

  /** The stride. */
  public int stride() {
    return stride;
  }

  /** The padding on each side, {@code kernel / 2}. */
  public int padding() {
    return kernel / 2;
  }

  /** The number of groups. */
  public int groups() {
    return groups;
  }

  /** Whether it adds a bias. */
  public boolean hasBias() {
    return hasBias;
  }

  @Override
  public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners, int index, INDArray paramsView,
      boolean initializeParams, DataType dataType) {
    GroupedConvolutionLayer layer = new GroupedConvolutionLayer(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(paramsView);
    Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
    layer.setParamTable(params);
    layer.setConf(conf);
    return layer;
  }

  @Override
  public ParamInitializer initializer() {
    return GroupedConvolutionParams.INSTANCE;
  }

  @Override
  public InputType getOutputType(int layerIndex, InputType inputType) {
    InputType.InputTypeConvolutional in = convolutional(inputType);
    return InputType.convolutional(ceilDiv(in.getHeight(), stride), ceilDiv(in.getWidth(), stride),
        getNOut());
  }

  @Override
  public void setNIn(InputType inputType, boolean override) {
    if (getNIn() <= 0 || override) {
      long channels = convolutional(inputType).getChannels();
      if (channels % groups != 0) {
        throw new IllegalArgumentException(groups + " groups do not divide " + channels
            + " input channels");
      }
      setNIn(channels);
    }
  }

  @Override
  public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
    return null;
  }

  @Override
  public LayerMemoryReport getMemoryReport(InputType inputType) {
    InputType out = getOutputType(-1, inputType);
    return new LayerMemoryReport.Builder(layerName, GroupedConvolution.class, inputType, out)
        .standardMemory(initializer().numParams(this), 0)
        .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
        .build();
  }

  private static InputType.InputTypeConvolutional convolutional(InputType type) {
    if (!(type instanceof InputType.InputTypeConvolutional in)
        || in.getFormat() != CNN2DFormat.NCHW) {
      throw new IllegalArgumentException(
          "a grouped convolution expects an NCHW convolutional input, got " + type);
    }
    return in;
  }

  private static long ceilDiv(long n, long d) {
    return (n + d - 1) / d;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupedConvolution other
        && super.equals(o)
        && other.kernel == kernel
        && other.stride == stride
        && other.groups == groups
        && other.hasBias == hasBias;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * (31 * super.hashCode() + kernel) + stride) + groups)
        + Boolean.hashCode(hasBias);
  }

  @Override
  public String toString() {
    return "GroupedConvolution(name=" + getLayerName() + ", in=" + getNIn() + ", out=" + getNOut()
        + ", kernel=" + kernel + ", stride=" + stride + ", groups=" + groups + ", bias="
        + hasBias + ")";
  }
}
