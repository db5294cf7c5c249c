package dev.resdsl.runtime.exec;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.graph.ZeroPadShortcutVertex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A graph's vertices as a list of {@link Node}s in topological order, each reading the values of
 * earlier nodes by index; value 0 is the input. {@code shapes} holds each value's shape for one
 * example ({@code [C, H, W]}, or {@code [F]} once flat). Only the vertices {@link
 * dev.resdsl.runtime.graph.ResidualGraphBuilder} makes are understood: anything else leaves the
 * graph to Deeplearning4j ({@link #compile} says why).
 */
record Program(List<Node> nodes, int output, List<long[]> shapes) {

  /** One vertex: the index of the value it computes is its position plus one. */
  sealed interface Node permits Conv, BatchNorm, Relu, Add, ZeroPad, Pool, GlobalPool, Flatten,
      Dropout, Softmax {
    /** The values this node reads. */
    int[] inputs();
  }

  /** A convolution with symmetric padding {@code kernel / 2}; {@code layer} names its params. */
  record Conv(String layer, int input, int channels, int kernel, int stride, int padding,
      boolean bias)
      implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** Batch normalisation over channels; running statistics updated with {@code decay}. */
  record BatchNorm(String layer, int input, double epsilon, double decay) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** max(x, 0). */
  record Relu(int input) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** The sum of two values of one shape. */
  record Add(int left, int right) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {left, right};
    }
  }

  /** The paper's option A shortcut. */
  record ZeroPad(int input, int channels, int stride) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** A 2-d pooling window; averages count padding when {@code includePadding}. */
  record Pool(int input, boolean max, int kernel, int stride, int padding, boolean includePadding)
      implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** The mean or maximum of each channel over its positions, [N, C]. */
  record GlobalPool(int input, boolean max) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** [N, C, H, W] read as [N, C * H * W], as DL4J's CNN-to-dense preprocessor does. */
  record Flatten(int input) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** Dropout, {@code retain} the probability of keeping an activation; identity in inference. */
  record Dropout(int input, double retain) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** The dense softmax output layer, trained with cross-entropy. */
  record Softmax(String layer, int input, int classes) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** How many nodes read each value (the input is value 0). */
  int[] readers() {
    int[] readers = new int[nodes.size() + 1];
    for (Node node : nodes) {
      for (int in : node.inputs()) {
        readers[in]++;
      }
    }
    return readers;
  }

  /** The value computed by node {@code i}. */
  static int valueOf(int node) {
    return node + 1;
  }

  /** The program of {@code graph} for images of {@code input}, or why it has none. */
  static Compiled compile(ComputationGraph graph, Shape input) {
    ComputationGraphConfiguration configuration = graph.getConfiguration();
    if (configuration.getNetworkInputs().size() != 1
        || configuration.getNetworkOutputs().size() != 1) {
      return Compiled.refused("it has several inputs or outputs");
    }
    Map<String, Integer> values = new HashMap<>();
    values.put(configuration.getNetworkInputs().get(0), 0);
    List<Node> nodes = new ArrayList<>();
    for (int index : graph.topologicalSortOrder()) {
      String name = graph.getVertices()[index].getVertexName();
      if (values.containsKey(name)) {
        continue;
      }
      GraphVertex vertex = configuration.getVertices().get(name);
      List<String> from = configuration.getVertexInputs().get(name);
      int[] inputs = new int[from.size()];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = values.get(from.get(i));
      }
      Optional<Node> node = node(name, vertex, inputs);
      if (node.isEmpty()) {
        return Compiled.refused("vertex " + name + " (" + vertex + ") is not one ResDSL builds");
      }
      if (vertex instanceof LayerVertex layer && layer.getPreProcessor() != null) {
        InputPreProcessor pre = layer.getPreProcessor();
        if (!(pre instanceof CnnToFeedForwardPreProcessor)
            || !(node.get() instanceof Softmax softmax)) {
          return Compiled.refused("vertex " + name + " has preprocessor " + pre);
        }
        nodes.add(new Flatten(softmax.input()));
        node = Optional.of(
            new Softmax(softmax.layer(), valueOf(nodes.size() - 1), softmax.classes()));
      }
      nodes.add(node.get());
      values.put(name, valueOf(nodes.size() - 1));
    }
    String output = configuration.getNetworkOutputs().get(0);
    if (!(nodes.get(values.get(output) - 1) instanceof Softmax)) {
      return Compiled.refused("its output " + output + " is not a softmax layer");
    }
    List<long[]> shapes = new ArrayList<>();
    shapes.add(new long[] {input.channels(), input.height(), input.width()});
    for (Node node : nodes) {
      shapes.add(shape(node, shapes));
    }
    return new Compiled(
        Optional.of(new Program(List.copyOf(nodes), values.get(output), List.copyOf(shapes))), "");
  }

  /** The shape of one example's value of {@code node}, given the shapes before it. */
  private static long[] shape(Node node, List<long[]> shapes) {
    long[] in = shapes.get(node.inputs()[0]);
    if (node instanceof Conv c) {
      return new long[] {c.channels(), out(in[1], c.kernel(), c.stride(), c.padding()),
          out(in[2], c.kernel(), c.stride(), c.padding())};
    }
    if (node instanceof Pool p) {
      return new long[] {in[0], out(in[1], p.kernel(), p.stride(), p.padding()),
          out(in[2], p.kernel(), p.stride(), p.padding())};
    }
    if (node instanceof ZeroPad z) {
      return new long[] {z.channels(), (in[1] + z.stride() - 1) / z.stride(),
          (in[2] + z.stride() - 1) / z.stride()};
    }
    if (node instanceof GlobalPool) {
      return new long[] {in[0]};
    }
    if (node instanceof Flatten) {
      return new long[] {in[0] * in[1] * in[2]};
    }
    if (node instanceof Softmax s) {
      return new long[] {s.classes()};
    }
    return in; // batch norm, ReLU, addition, dropout keep the shape
  }

  private static long out(long size, int kernel, int stride, int padding) {
    return (size + 2L * padding - kernel) / stride + 1;
  }

  private static Optional<Node> node(String name, GraphVertex vertex, int[] in) {
    if (vertex instanceof ZeroPadShortcutVertex pad && in.length == 1) {
      return Optional.of(new ZeroPad(in[0], pad.channels(), pad.stride()));
    }
    if (vertex instanceof ElementWiseVertex add && in.length == 2
        && add.getOp() == ElementWiseVertex.Op.Add) {
      return Optional.of(new Add(in[0], in[1]));
    }
    if (!(vertex instanceof LayerVertex layerVertex) || in.length != 1) {
      return Optional.empty();
    }
    Layer layer = layerVertex.getLayerConf().getLayer();
    if (layer instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
      int k = conv.getKernelSize()[0];
      boolean plain = k == conv.getKernelSize()[1] && k % 2 == 1
          && conv.getStride()[0] == conv.getStride()[1]
          && conv.getPadding()[0] == k / 2 && conv.getPadding()[1] == k / 2
          && conv.getDilation()[0] == 1 && conv.getDilation()[1] == 1
          && conv.getConvolutionMode() == ConvolutionMode.Truncate
          && conv.getActivationFn() instanceof ActivationIdentity
          && conv.getIDropout() == null;
      return plain
          ? Optional.of(new Conv(name, in[0], (int) conv.getNOut(), k, conv.getStride()[0], k / 2,
              conv.hasBias()))
          : Optional.empty();
    }
    if (layer instanceof BatchNormalization bn) {
      boolean plain = !bn.isLockGammaBeta() && !bn.isUseLogStd() && bn.isMinibatch()
          && bn.getIDropout() == null;
      return plain ? Optional.of(new BatchNorm(name, in[0], bn.getEps(), bn.getDecay()))
          : Optional.empty();
    }
    if (layer instanceof ActivationLayer activation) {
      return activation.getActivationFn() instanceof ActivationReLU relu
              && isZeroOrUnset(relu.getMax(), Double.POSITIVE_INFINITY)
              && isZeroOrUnset(relu.getThreshold(), 0) && isZeroOrUnset(relu.getNegativeSlope(), 0)
              && activation.getIDropout() == null
          ? Optional.of(new Relu(in[0])) : Optional.empty();
    }
    if (layer instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
      int k = pool.getKernelSize()[0];
      boolean square = k == pool.getKernelSize()[1] && pool.getStride()[0] == pool.getStride()[1]
          && pool.getPadding()[0] == pool.getPadding()[1]
          && pool.getConvolutionMode() == ConvolutionMode.Truncate;
      PoolingType type = pool.getPoolingType();
      if (!square || (type != PoolingType.MAX && type != PoolingType.AVG)) {
        return Optional.empty();
      }
      return Optional.of(new Pool(in[0], type == PoolingType.MAX, k, pool.getStride()[0],
          pool.getPadding()[0], pool.isAvgPoolIncludePadInDivisor()));
    }
    if (layer instanceof GlobalPoolingLayer global) {
      PoolingType type = global.getPoolingType();
      return type == PoolingType.MAX || type == PoolingType.AVG
          ? Optional.of(new GlobalPool(in[0], type == PoolingType.MAX)) : Optional.empty();
    }
    if (layer instanceof DropoutLayer dropout) {
      return dropout.getIDropout() instanceof org.deeplearning4j.nn.conf.dropout.Dropout d
              && d.getPSchedule() == null
          ? Optional.of(new Dropout(in[0], d.getP())) : Optional.empty();
    }
    if (layer instanceof OutputLayer output) {
      boolean plain = output.getActivationFn() instanceof ActivationSoftmax
          && output.getLossFn() instanceof LossMCXENT loss && loss.getWeights() == null
          && output.hasBias() && output.getIDropout() == null;
      return plain ? Optional.of(new Softmax(name, in[0], (int) output.getNOut())) : Optional.empty();
    }
    return Optional.empty();
  }

  /** ReLU's optional settings: unset (null) or equal to the plain ReLU's {@code plain}. */
  private static boolean isZeroOrUnset(Double setting, double plain) {
    return setting == null || setting == plain;
  }

  /** A program, or the reason a graph has none. */
  record Compiled(Optional<Program> program, String refusal) {
    static Compiled refused(String why) {
      return new Compiled(Optional.empty(), why);
    }
  }
}
