package dev.resdsl.runtime.exec;

import dev.resdsl.model.LayerNames;
import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.LayerRole;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph's vertices as a list of {@link Node}s in topological order, each reading the values of
 * earlier nodes by index; value 0 is the input. {@code shapes} holds each value's shape for one
 * example ({@code [C, H, W]}, or {@code [F]} once flat). Compiled from the network's {@link
 * LayerPlan}; each node that holds parameters names its layer, whose parameters the Deeplearning4j
 * graph lowered from the same plan holds.
 */
record Program(List<Node> nodes, int output, List<long[]> shapes) {

  /** One vertex: the index of the value it computes is its position plus one. */
  sealed interface Node permits Conv, BatchNorm, Relu, Sigmoid, Add, Scale, ZeroPad, Pool,
      GlobalPool, Flatten, Dropout, Softmax {
    /** The values this node reads. */
    int[] inputs();
  }

  /**
   * A convolution with symmetric padding {@code kernel / 2}, in {@code groups} groups; {@code
   * layer} names its params.
   */
  record Conv(String layer, int input, int channels, int kernel, int stride, int padding,
      boolean bias, int groups)
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

  /** 1 / (1 + exp(-x)). */
  record Sigmoid(int input) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /** A value [N, C, H, W] times weights [N, C, 1, 1], channel by channel. */
  record Scale(int input, int weights) implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input, weights};
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

  /**
   * A 2-d pooling window; averages count padding when {@code includePadding}; in {@code ceil}
   * mode there are {@code ceil(n / stride)} windows, the last padded after the input only.
   */
  record Pool(int input, boolean max, int kernel, int stride, int padding, boolean includePadding,
      boolean ceil)
      implements Node {
    @Override
    public int[] inputs() {
      return new int[] {input};
    }
  }

  /**
   * The mean or maximum of each channel over its positions: [N, C], or [N, C, 1, 1] when it
   * {@code keepsPositions} (a squeeze-and-excitation unit's, which 1x1 convolutions read).
   */
  record GlobalPool(int input, boolean max, boolean keepsPositions) implements Node {
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

  /**
   * The program of {@code plan}: one node per planned layer, and a flatten before a dense layer
   * that reads positions, as Deeplearning4j's CNN-to-dense preprocessor does.
   */
  static Program compile(LayerPlan plan) {
    Map<String, Integer> values = new HashMap<>();
    values.put(LayerNames.INPUT, 0);
    List<Node> nodes = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    shapes.add(new long[] {plan.input().channels(), plan.input().height(), plan.input().width()});
    for (PlannedLayer layer : plan.layers()) {
      int[] in = layer.inputs().stream().mapToInt(values::get).toArray();
      if (layer.op() instanceof LayerOp.DenseSoftmax && shapes.get(in[0]).length == 3) {
        Node flatten = new Flatten(in[0]);
        nodes.add(flatten);
        shapes.add(shape(flatten, layer.input(), shapes));
        in = new int[] {valueOf(nodes.size() - 1)};
      }
      Node node = node(layer, in);
      nodes.add(node);
      shapes.add(shape(node, layer.output(), shapes));
      values.put(layer.name(), valueOf(nodes.size() - 1));
    }
    return new Program(List.copyOf(nodes), values.get(plan.output().name()), List.copyOf(shapes));
  }

  /**
   * The shape of one example's value of {@code node}: the plan's output shape, kept {@code [C, H,
   * W]} while it has positions and {@code [F]} once a global pool, flatten or dense layer has
   * made it a vector.
   */
  private static long[] shape(Node node, Shape planned, List<long[]> shapes) {
    long[] in = shapes.get(node.inputs()[0]);
    if (node instanceof Flatten) {
      return new long[] {in[0] * in[1] * in[2]};
    }
    if (node instanceof GlobalPool pool && !pool.keepsPositions() || node instanceof Softmax) {
      return new long[] {planned.channels()};
    }
    if (in.length == 1) {
      return in; // dropout after a global pool
    }
    return new long[] {planned.channels(), planned.height(), planned.width()};
  }

  private static Node node(PlannedLayer layer, int[] in) {
    String name = layer.name();
    LayerOp op = layer.op();
    if (op instanceof LayerOp.Convolution c) {
      return new Conv(name, in[0], c.channels(), c.kernel(), c.stride(), c.padding(), c.bias(),
          c.groups());
    }
    if (op instanceof LayerOp.BatchNorm bn) {
      return new BatchNorm(name, in[0], bn.epsilon(), bn.decay());
    }
    if (op instanceof LayerOp.Relu) {
      return new Relu(in[0]);
    }
    if (op instanceof LayerOp.Sigmoid) {
      return new Sigmoid(in[0]);
    }
    if (op instanceof LayerOp.ChannelScale) {
      return new Scale(in[0], in[1]);
    }
    if (op instanceof LayerOp.Add) {
      return new Add(in[0], in[1]);
    }
    if (op instanceof LayerOp.ZeroPadShortcut pad) {
      return new ZeroPad(in[0], pad.channels(), pad.stride());
    }
    if (op instanceof LayerOp.Pooling pool) {
      return new Pool(in[0], pool.type() == dev.resdsl.annotations.Pool.MAX, pool.kernel(),
          pool.stride(), pool.padding(), true, false);
    }
    if (op instanceof LayerOp.CeilAveragePooling pool) {
      return new Pool(in[0], false, pool.kernel(), pool.stride(), 0, false, true);
    }
    if (op instanceof LayerOp.GlobalPooling pool) {
      return new GlobalPool(in[0], pool.type() == dev.resdsl.annotations.Pool.MAX,
          layer.role().unit() != LayerRole.Unit.HEAD);
    }
    if (op instanceof LayerOp.Dropout dropout) {
      return new Dropout(in[0], 1 - dropout.probability());
    }
    if (op instanceof LayerOp.DenseSoftmax dense) {
      return new Softmax(name, in[0], dense.classes());
    }
    throw new IllegalArgumentException("no program node for " + op);
  }
}
