package dev.resdsl.runtime.exec;

import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.graph.GraphParameters;
import dev.resdsl.runtime.graph.ZeroPadding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference with a graph's current weights, without Deeplearning4j's layers: each batch norm
 * folded into the convolution before it, ReLUs applied in place, activations in buffers that are
 * shared between layers and kept between calls of the same batch size.
 *
 * <p>Activations are NHWC between the input's transpose and the head: libnd4j's oneDNN runs its
 * brgconv kernels on NHWC arrays as they are, where NCHW ones cost three activation reorders per
 * convolution (about half of the time, by {@code ONEDNN_VERBOSE}). A flatten reads its value back
 * in NCHW order, as DL4J's CNN-to-dense preprocessor does. When a oneDNN convolution is the only
 * reader of the input and can read it NCHW ({@link FusedConvolution#planarInput}), the input is
 * not transposed at all.
 *
 * <p>Weights are folded again whenever the graph's parameters (weights and running statistics)
 * have changed since the last call, which a hash of them tells, so the result always follows the
 * graph's parameters, during training too. Calls are serialised: the buffers belong to one call
 * at a time.
 */
public final class FastInference {
  private final INDArray parameters;
  private final Program program;
  private final List<Step> steps;
  private final long[][] shapes;
  private final int[] bufferOf;
  private final ParameterVersion version;
  private final boolean planarInput;
  private Buffers buffers;
  private INDArray input;

  private FastInference(INDArray parameters, Program program, List<Step> steps, int[] bufferOf,
      boolean planarInput) {
    this.parameters = parameters;
    this.program = program;
    this.steps = steps;
    this.shapes = program.shapes().stream().map(FastInference::channelsLast)
        .toArray(long[][]::new);
    this.bufferOf = bufferOf;
    this.version = new ParameterVersion(parameters);
    this.planarInput = planarInput;
  }

  /** The fast inference of a generated network. */
  public static FastInference of(GeneratedNetwork network) {
    return of(network.graph(), network.plan());
  }

  /** The fast inference of {@code graph}, which was lowered from {@code plan}. */
  public static FastInference of(ComputationGraph graph, LayerPlan plan) {
    return new Planner(graph, Program.compile(plan)).plan();
  }

  /**
   * Whether this still reads {@code graph}'s parameters: false once the graph has replaced its
   * parameter array (DL4J's {@code init(params, false)}), whose views this would no longer see.
   * Compared by memory: {@code graph.params()} answers a new view on each call.
   */
  public boolean isOver(ComputationGraph graph) {
    return Views.sameArray(graph.params(), parameters);
  }

  /**
   * The softmax output {@code [N, classes]} for NCHW images of the graph's input shape.
   *
   * @return a new array, the caller's to keep
   */
  public synchronized INDArray output(INDArray images) {
    int batch = (int) images.size(0);
    if (buffers == null || buffers.batch() != batch) {
      buffers = null; // the old ones go before the new ones are allocated
      input = null;
      buffers = new Buffers(batch, shapes, bufferOf);
      input = Nd4j.create(DataType.FLOAT,
          Buffers.withBatch(batch, planarInput ? program.shapes().get(0) : shapes[0]));
    }
    INDArray floats = images.dataType() == DataType.FLOAT ? images : images.castTo(DataType.FLOAT);
    INDArray[] values = new INDArray[shapes.length];
    if (!planarInput) {
      input.assign(floats.permute(0, 2, 3, 1));
      values[0] = input;
    } else if (Views.isPlain(floats)) {
      values[0] = floats; // read as it is, only by the first convolution
    } else {
      input.assign(floats);
      values[0] = input;
    }
    for (int v = 1; v < values.length; v++) {
      values[v] = buffers.get(v);
    }
    INDArray result = Nd4j.create(DataType.FLOAT, Buffers.withBatch(batch, shapes[program.output()]));
    values[program.output()] = result;
    if (version.changed()) {
      for (Step step : steps) {
        step.weightsChanged();
      }
    }
    for (Step step : steps) {
      step.run(values);
    }
    return result;
  }

  /** {@code [H, W, C]} for an example's {@code [C, H, W]}; a vector as it is. */
  private static long[] channelsLast(long[] shape) {
    return shape.length == 3 ? new long[] {shape[1], shape[2], shape[0]} : shape;
  }

  /** One or several fused nodes. */
  private interface Step {
    void run(INDArray[] values);

    /** The graph's parameters changed since the last run: derived weights are stale. */
    default void weightsChanged() {}

    /** The values it reads. */
    int[] reads();

    /** The value it writes. */
    int writes();
  }

  /** A step of one input value {@code in} and one output value {@code out}. */
  private interface OneInput extends Step {
    int in();

    int out();

    @Override
    default int[] reads() {
      return new int[] {in()};
    }

    @Override
    default int writes() {
      return out();
    }
  }

  /**
   * A convolution, with the batch norm after it folded in, then the block's shortcut added when
   * {@code shortcut} is a value (else -1), then a ReLU; one oneDNN primitive when {@code fused}
   * is there, else libnd4j's ops.
   */
  private record ConvStep(int in, int out, INDArray w, INDArray bias, BatchNormWeights bn,
      INDArray foldedW, INDArray foldedBias, int groups, int stride, int padding, int shortcut,
      boolean relu, FusedConvolution fused, INDArray zeros)
      implements Step {
    @Override
    public void weightsChanged() {
      if (bn != null) {
        // W * scale by a broadcasting multiply (three times faster on these shapes than batchnorm
        // along axis 0) and, from zeros, beta - mean * scale, where scale = gamma / sqrt(var + eps).
        INDArray scale = bn.scale();
        Ops.multiply(w, scale.reshape(scale.length(), 1, 1, 1), foldedW);
        INDArray shift = bias == null ? bn.beta() : bn.beta().add(bias.mul(scale));
        Ops.batchNorm(bn.zeros(), bn.mean(), bn.variance(), bn.gamma(), shift, bn.epsilon(), 0,
            foldedBias);
      }
      if (fused != null) {
        fused.weightsChanged();
      }
    }

    @Override
    public void run(INDArray[] v) {
      INDArray weights = bn == null ? w : foldedW;
      INDArray b = bn == null ? bias : foldedBias;
      if (fused != null) {
        if (shortcut >= 0 && !Views.sameArray(v[out], v[shortcut])) {
          v[out].assign(v[shortcut]); // the sum post-op adds to what the output holds
        }
        fused.run(v[in], weights, b == null ? zeros : b, v[out]);
        return;
      }
      Ops.conv2dChannelsLast(v[in], weights, b, stride, padding, v[out]);
      if (shortcut >= 0) {
        v[out].addi(v[shortcut]);
      }
      if (relu) {
        Ops.relu(v[out], v[out]);
      }
    }

    @Override
    public int[] reads() {
      return shortcut >= 0 ? new int[] {in, shortcut} : new int[] {in};
    }

    @Override
    public int writes() {
      return out;
    }
  }

  /** A batch norm with running statistics that follows no convolution. */
  private record BatchNormStep(int in, int out, BatchNormWeights bn, boolean relu)
      implements OneInput {
    @Override
    public void run(INDArray[] v) {
      Ops.batchNorm(v[in], bn.mean(), bn.variance(), bn.gamma(), bn.beta(), bn.epsilon(), 3,
          v[out]);
      if (relu) {
        Ops.relu(v[out], v[out]);
      }
    }
  }

  /** An element-wise function, such as a ReLU or a sigmoid: {@code out = f(in)}. */
  private record MapStep(int in, int out, BiConsumer<INDArray, INDArray> function)
      implements OneInput {
    @Override
    public void run(INDArray[] v) {
      function.accept(v[in], v[out]);
    }
  }

  /** A squeeze-and-excitation unit's scaling: values times [N, C, 1, 1] weights. */
  private record ScaleStep(int in, int weights, int out) implements Step {
    @Override
    public void run(INDArray[] v) {
      Ops.multiply(v[in], v[weights], v[out]);
    }

    @Override
    public int[] reads() {
      return new int[] {in, weights};
    }

    @Override
    public int writes() {
      return out;
    }
  }

  private record AddStep(int left, int right, int out, boolean relu) implements Step {
    @Override
    public void run(INDArray[] v) {
      v[left].add(v[right], v[out]);
      if (relu) {
        Ops.relu(v[out], v[out]);
      }
    }

    @Override
    public int[] reads() {
      return new int[] {left, right};
    }

    @Override
    public int writes() {
      return out;
    }
  }

  /** Option A's shortcut: oneDNN's reorder when {@code reorder} is there, else libnd4j's ops. */
  private record ZeroPadStep(int in, int out, int stride, PaddedSubsample reorder)
      implements OneInput {
    @Override
    public void run(INDArray[] v) {
      if (reorder != null) {
        reorder.run(v[in], v[out]);
        return;
      }
      v[out].assign(0);
      ZeroPadding.inputChannelsChannelsLast(v[out], v[in].size(3))
          .assign(ZeroPadding.sampledChannelsLast(v[in], stride));
    }
  }

  private record PoolStep(Program.Pool pool, int in, int out) implements OneInput {
    @Override
    public void run(INDArray[] v) {
      Ops.pool(pool, v[in], true, v[out]);
    }
  }

  private record GlobalPoolStep(int in, int out, boolean max, boolean keepsPositions)
      implements OneInput {
    @Override
    public void run(INDArray[] v) {
      INDArray result = keepsPositions ? Ops.channels(v[out], 3) : v[out];
      Nd4j.exec(max ? new Max(v[in], result, 1, 2) : new Mean(v[in], result, 1, 2));
    }
  }

  /**
   * A global average pool, the dense layer after it and its softmax: oneDNN's inner product into
   * the output, then libnd4j's softmax in place.
   */
  private record PooledSoftmaxStep(int in, int out, PooledDense dense) implements OneInput {
    @Override
    public void weightsChanged() {
      dense.weightsChanged();
    }

    @Override
    public void run(INDArray[] v) {
      dense.run(v[in], v[out]);
      Ops.softmax(v[out], v[out]);
    }
  }

  /** A value read as it is (dropout in inference). */
  private record AliasStep(int in, int out) implements OneInput {
    @Override
    public void run(INDArray[] v) {
      v[out] = v[in];
    }
  }

  /** NHWC positions copied out in the NCHW order that DL4J's dense layer was trained on. */
  private record FlattenStep(int in, int out) implements OneInput {
    @Override
    public void run(INDArray[] v) {
      INDArray x = v[in];
      v[out].reshape('c', x.size(0), x.size(3), x.size(1), x.size(2))
          .assign(x.permute(0, 3, 1, 2));
    }
  }

  private record SoftmaxStep(int in, int out, INDArray w, INDArray bias) implements OneInput {
    @Override
    public void run(INDArray[] v) {
      INDArray logits = v[in].mmul(w).addiRowVector(bias);
      Ops.softmax(logits, v[out]);
    }
  }

  /** Turns a program into fused steps and assigns buffers by lifetime. */
  private static final class Planner {
    private final ComputationGraph graph;
    private final Program program;
    private final int[] consumers;
    private final List<Step> steps = new ArrayList<>();
    private boolean planarInput;

    Planner(ComputationGraph graph, Program program) {
      this.graph = graph;
      this.program = program;
      this.consumers = program.readers();
    }

    /** The node reading {@code value} if it is its only reader and of type {@code type}. */
    private <T extends Program.Node> T soleReader(int value, Class<T> type) {
      if (consumers[value] != 1 || value == program.output() || value >= program.nodes().size()) {
        return null;
      }
      Program.Node next = program.nodes().get(value); // node index value is value + 1
      return type.isInstance(next) && next.inputs()[0] == value && next.inputs().length == 1
          ? type.cast(next) : null;
    }

    /**
     * The other input of the addition that is the only reader of {@code value} and comes right
     * after it (so that the other input is computed before), or -1.
     */
    private int shortcutAddedTo(int value) {
      if (consumers[value] != 1 || value == program.output() || value >= program.nodes().size()
          || !(program.nodes().get(value) instanceof Program.Add add)) {
        return -1;
      }
      int other = add.left() == value ? add.right() : add.left();
      return other == value ? -1 : other;
    }

    /**
     * The zero-pad shortcut that comes right after {@code value} and is, like it, read only by
     * the addition right after the pad (option A's block: convolution, batch norm, pad, add),
     * when the pad's input is computed before {@code value}; else null.
     */
    private Program.ZeroPad zeroPadAddedTo(int value) {
      int padded = value + 1;
      if (consumers[value] != 1 || padded >= program.nodes().size() || consumers[padded] != 1
          || value == program.output() || padded == program.output()
          || !(program.nodes().get(value) instanceof Program.ZeroPad pad)
          || pad.input() >= value
          || !(program.nodes().get(padded) instanceof Program.Add add)) {
        return null;
      }
      return add.left() == value && add.right() == padded
          || add.left() == padded && add.right() == value ? pad : null;
    }

    /**
     * The value of the dense softmax that alone reads global pool {@code pool}'s value {@code
     * pooled}, directly or through a dropout, when oneDNN can run them as one inner product
     * (an average pool of dense weights) and that pays; else -1.
     */
    private int pooledSoftmax(Program.GlobalPool pool, int pooled) {
      if (OneDnn.get() == null || pool.max() || pool.keepsPositions()) {
        return -1;
      }
      int v = soleReader(pooled, Program.Dropout.class) != null ? pooled + 1 : pooled;
      Program.Softmax softmax = soleReader(v, Program.Softmax.class);
      // The weights are read through ND4J (DL4J's lie in f order), the bias by address.
      return softmax != null && Views.isPlain(denseBias(softmax))
          && PooledDense.pays(program.shapes().get(pool.input()), softmax.classes()) ? v + 1 : -1;
    }

    /** The dense layer's bias as a vector over the graph's memory. */
    private INDArray denseBias(Program.Softmax softmax) {
      INDArray bias = graph.getLayer(softmax.layer()).getParam(GraphParameters.key(Parameter.BIAS));
      return bias.reshape(bias.length());
    }

    private ZeroPadStep zeroPad(Program.ZeroPad pad, int out) {
      OneDnn dnn = OneDnn.get();
      long[] input = program.shapes().get(pad.input());
      return new ZeroPadStep(pad.input(), out, pad.stride(),
          dnn == null || !PaddedSubsample.fits(input, pad.stride()) ? null
          : new PaddedSubsample(dnn, input, program.shapes().get(out), pad.stride()));
    }

    FastInference plan() {
      if (program.shapes().get(program.output()).length != 1) {
        // The result would be NHWC, where callers expect DL4J's NCHW.
        throw new UnsupportedOperationException("the output has positions");
      }
      List<Program.Node> nodes = program.nodes();
      int[] alias = new int[nodes.size() + 1];
      Arrays.setAll(alias, v -> v);
      boolean[] skip = new boolean[nodes.size()];
      for (int i = 0; i < nodes.size(); i++) {
        if (skip[i]) {
          continue;
        }
        Program.Node node = nodes.get(i);
        int out = Program.valueOf(i);
        if (node instanceof Program.Conv conv) {
          Layer layer = graph.getLayer(conv.layer());
          INDArray w = layer.getParam(GraphParameters.key(Parameter.WEIGHT));
          INDArray bias = conv.bias() ? layer.getParam(GraphParameters.key(Parameter.BIAS)).reshape(conv.channels()) : null;
          Program.BatchNorm bn = soleReader(out, Program.BatchNorm.class);
          BatchNormWeights weights = null;
          if (bn != null) {
            skip[i + 1] = true;
            weights = BatchNormWeights.of(graph.getLayer(bn.layer()), bn.epsilon());
            out = Program.valueOf(i + 1);
          }
          int shortcut = bn == null ? -1 : shortcutAddedTo(out);
          if (shortcut >= 0) {
            skip[out] = true;
            out = out + 1;
          } else if (bn != null && zeroPadAddedTo(out) != null) {
            // Padded first, into what becomes this convolution's output: the sum post-op then
            // adds it, in place of an addition and a ReLU over the block's output.
            Program.ZeroPad pad = zeroPadAddedTo(out);
            shortcut = out + 1;
            steps.add(zeroPad(pad, shortcut));
            skip[out] = true;
            skip[out + 1] = true;
            out = out + 2;
          }
          boolean relu = soleReader(out, Program.Relu.class) != null;
          if (relu) {
            skip[out] = true;
            alias[out + 1] = out;
          }
          OneDnn dnn = OneDnn.get();
          FusedConvolution fused = dnn == null || !Views.isPlain(w) ? null
              : new FusedConvolution(dnn, program.shapes().get(conv.input()),
                  program.shapes().get(out), conv.kernel(), conv.groups(), conv.stride(),
                  conv.padding(), shortcut >= 0, relu, conv.input() == 0 && consumers[0] == 1);
          planarInput |= fused != null && fused.planarInput();
          if (fused == null && conv.groups() > 1) {
            // libnd4j has no groups, and ConvolutionOps slices them along NCHW's channel axis.
            throw new UnsupportedOperationException("a grouped convolution needs oneDNN"
                + " (-Dresdsl.fast.onednn=false, or it did not load)");
          }
          steps.add(new ConvStep(conv.input(), out, w, bias, weights,
              weights == null ? null : w.ulike(),
              weights == null ? null : Nd4j.create(DataType.FLOAT, conv.channels()),
              conv.groups(), conv.stride(), conv.padding(), shortcut, relu, fused,
              Nd4j.zeros(DataType.FLOAT, conv.channels())));
        } else if (node instanceof Program.BatchNorm bn) {
          boolean relu = soleReader(out, Program.Relu.class) != null;
          if (relu) {
            skip[out] = true;
            alias[out + 1] = out;
          }
          steps.add(new BatchNormStep(bn.input(),
              out, BatchNormWeights.of(graph.getLayer(bn.layer()), bn.epsilon()), relu));
        } else if (node instanceof Program.Relu relu) {
          steps.add(new MapStep(relu.input(), out, Ops::relu));
        } else if (node instanceof Program.Sigmoid sigmoid) {
          steps.add(new MapStep(sigmoid.input(), out, Ops::sigmoid));
        } else if (node instanceof Program.Scale scale) {
          steps.add(new ScaleStep(scale.input(), scale.weights(), out));
        } else if (node instanceof Program.Add add) {
          boolean relu = soleReader(out, Program.Relu.class) != null;
          if (relu) {
            skip[out] = true;
            alias[out + 1] = out;
          }
          steps.add(new AddStep(add.left(), add.right(), out, relu));
        } else if (node instanceof Program.ZeroPad pad) {
          steps.add(zeroPad(pad, out));
        } else if (node instanceof Program.Pool pool) {
          steps.add(new PoolStep(pool, pool.input(), out));
        } else if (node instanceof Program.GlobalPool pool && pooledSoftmax(pool, out) >= 0) {
          int softmax = pooledSoftmax(pool, out);
          Program.Softmax dense = (Program.Softmax) nodes.get(softmax - 1);
          for (int skipped = i + 1; skipped < softmax; skipped++) {
            skip[skipped] = true; // the dropout, if any, and the dense softmax
          }
          steps.add(new PooledSoftmaxStep(pool.input(), softmax, new PooledDense(OneDnn.get(),
              program.shapes().get(pool.input()),
              graph.getLayer(dense.layer()).getParam(GraphParameters.key(Parameter.WEIGHT)),
              denseBias(dense))));
        } else if (node instanceof Program.GlobalPool pool) {
          steps.add(new GlobalPoolStep(pool.input(), out, pool.max(), pool.keepsPositions()));
        } else if (node instanceof Program.Flatten flatten) {
          steps.add(new FlattenStep(flatten.input(), out));
        } else if (node instanceof Program.Dropout) {
          alias[out] = alias[node.inputs()[0]];
          steps.add(new AliasStep(node.inputs()[0], out));
        } else if (node instanceof Program.Softmax softmax) {
          Layer layer = graph.getLayer(softmax.layer());
          steps.add(new SoftmaxStep(softmax.input(), out, layer.getParam(GraphParameters.key(Parameter.WEIGHT)),
              layer.getParam(GraphParameters.key(Parameter.BIAS))));
        }
      }
      return new FastInference(graph.params(), program, List.copyOf(steps), buffers(alias),
          planarInput);
    }

    /**
     * Greedy assignment: a step's output takes a buffer whose values are all read for the last
     * time before that step, so that no step overwrites what it reads.
     */
    private int[] buffers(int[] alias) {
      int values = program.nodes().size() + 1;
      int[] lastRead = new int[values];
      Arrays.fill(lastRead, -1);
      for (int s = 0; s < steps.size(); s++) {
        for (int v : steps.get(s).reads()) {
          lastRead[root(alias, v)] = s;
        }
      }
      int[] bufferOf = new int[values];
      Arrays.fill(bufferOf, -1);
      List<Integer> freeAt = new ArrayList<>(); // per buffer: the first step that may reuse it
      for (int s = 0; s < steps.size(); s++) {
        Step step = steps.get(s);
        int out = step.writes();
        if (out == program.output() || step instanceof AliasStep || root(alias, out) != out) {
          continue;
        }
        int chosen = inPlaceOfShortcut(step, s, alias, lastRead, bufferOf);
        for (int b = 0; chosen < 0 && b < freeAt.size(); b++) {
          if (freeAt.get(b) <= s) {
            chosen = b;
          }
        }
        if (chosen < 0) {
          chosen = freeAt.size();
          freeAt.add(0);
        }
        bufferOf[out] = chosen;
        freeAt.set(chosen, Math.max(s + 1, lastRead[out] + 1));
      }
      for (int v = 1; v < values; v++) {
        if (bufferOf[v] < 0 && root(alias, v) != v && v != program.output()) {
          bufferOf[v] = bufferOf[root(alias, v)];
        }
      }
      return bufferOf;
    }

    /**
     * The shortcut's buffer when step {@code s} is a oneDNN convolution that adds the shortcut as
     * a sum post-op and reads it for the last time: the primitive then adds to it in place,
     * without copying it into another buffer first. Else -1. (libnd4j's path cannot: its
     * convolution would overwrite the shortcut before the addition reads it.)
     */
    private static int inPlaceOfShortcut(Step step, int s, int[] alias, int[] lastRead,
        int[] bufferOf) {
      if (!(step instanceof ConvStep conv) || conv.fused() == null || conv.shortcut() < 0) {
        return -1;
      }
      int shortcut = root(alias, conv.shortcut());
      return lastRead[shortcut] == s ? bufferOf[shortcut] : -1; // -1 too for the input
    }

    private static int root(int[] alias, int v) {
      while (alias[v] != v) {
        v = alias[v];
      }
      return v;
    }
  }
}
