package dev.resdsl.runtime.exec;

import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.graph.GraphParameters;
import dev.resdsl.runtime.graph.ZeroPadding;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.memory;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training steps on a graph's own parameters without Deeplearning4j's layers: the forward pass,
 * the backward pass into the graph's gradient array, then the graph's own updater (its optimiser,
 * learning rate, L2 and momentum state) and step, as {@code graph.fit} does. Checkpoints, the
 * learning-rate setters and Spark see the same graph.
 *
 * <p>Not for concurrent use: steps are serialised.
 */
public final class FastTraining {
  private static final Logger LOG = LoggerFactory.getLogger(FastTraining.class);
  private final ComputationGraph graph;
  private final Program program;
  private final List<Step> steps = new ArrayList<>();
  private final Gradient gradient;
  private final List<INDArray> statisticsGradients = new ArrayList<>();
  private final int values;
  private final int[] readers;
  private final INDArray parameters;
  private final INDArray update;
  private final Scratch scratch = new Scratch(TrainingConvolution.SLOTS);
  /**
   * Whether activations and their gradients lie as NHWC ({@link ChannelsLast}): with oneDNN's
   * primitives for convolutions and batch norms, which then run with no activation reorder.
   */
  private final boolean channelsLast;
  /** By value: whether the batch norm that makes it runs the ReLU that alone reads it, fused. */
  private final boolean[] fusedRelu;
  private int convolutionsOnOneDnn;
  private int batchNormsOnOneDnn;
  private State state;

  private FastTraining(ComputationGraph graph, Program program) {
    this.graph = graph;
    this.program = program;
    this.values = program.nodes().size() + 1;
    this.readers = program.readers();
    graph.getUpdater(true);
    this.parameters = graph.params();
    // The updater leaves the step in the gradient array, of shape [1, n] where params is [n].
    this.update = graph.getFlattenedGradients().reshape(parameters.shape());
    this.gradient = new DefaultGradient(graph.getFlattenedGradients());
    // The updater hands each layer its part by these names, as DL4J's backward pass sets them.
    for (Layer layer : graph.getLayers()) {
      if (layer.numParams() > 0) {
        layerGradients(layer).forEach((parameter, view) ->
            gradient.setGradientFor(layer.conf().getLayer().getLayerName() + "_" + parameter, view));
      }
    }
    this.channelsLast = OneDnn.get() != null;
    this.fusedRelu = new boolean[values];
    for (Program.Node node : program.nodes()) {
      if (channelsLast && node instanceof Program.Relu relu && readers[relu.input()] == 1
          && relu.input() > 0
          && program.nodes().get(relu.input() - 1) instanceof Program.BatchNorm bn
          && program.shapes().get(bn.input()).length == 3) {
        fusedRelu[relu.input()] = true;
      }
    }
    for (int i = 0; i < program.nodes().size(); i++) {
      steps.add(step(program.nodes().get(i), Program.valueOf(i)));
    }
  }

  /** Fast training of a generated network. */
  public static FastTraining of(GeneratedNetwork network) {
    return of(network.graph(), network.plan());
  }

  /**
   * Fast training of {@code graph}, which was lowered from {@code plan}.
   *
   * @throws UnsupportedOperationException if the plan has a layer this cannot train, naming it
   */
  public static FastTraining of(ComputationGraph graph, LayerPlan plan) {
    return new FastTraining(graph, Program.compile(plan));
  }

  /** How many of the convolutions run on oneDNN's primitives, for tests to know which path ran. */
  int convolutionsOnOneDnn() {
    return convolutionsOnOneDnn;
  }

  /** How many of the batch norms run on oneDNN's primitives over NHWC activations. */
  int batchNormsOnOneDnn() {
    return batchNormsOnOneDnn;
  }

  /** Whether this still trains {@code graph}'s parameters (see {@link FastInference#isOver}). */
  public boolean isOver(ComputationGraph graph) {
    return graph == this.graph && Views.sameArray(graph.params(), parameters);
  }

  /**
   * One step on a batch, as {@code graph.fit(new DataSet(images, labels))} takes it; returns the
   * loss and errors of its forward pass, before the update.
   *
   * @param labels one-hot {@code [N, classes]}
   */
  public synchronized BatchScore fit(INDArray images, INDArray labels) {
    BatchScore result = computeGradient(images, labels);
    if (!graph.getListeners().isEmpty()) {
      // What graph.score() reports after fit, for the listeners that read it: the loss with the
      // weight penalty, before the update. Summing the penalty layer by layer costs a few percent
      // of a step, so it is left out when nobody listens.
      graph.setScore(result.loss() + graph.calcRegularizationScore(true));
    }
    int batch = (int) images.size(0);
    int iteration = BaseOptimizer.getIterationCount(graph);
    int epoch = BaseOptimizer.getEpochCount(graph);
    graph.getUpdater(true).update(gradient, iteration, epoch, batch,
        LayerWorkspaceMgr.noWorkspaces());
    parameters.subi(update);
    for (TrainingListener listener : graph.getListeners()) {
      listener.iterationDone(graph, iteration, epoch);
    }
    BaseOptimizer.incrementIterationCount(graph, 1);
    return result;
  }

  /**
   * The forward and backward passes of a batch: leaves DL4J's raw gradient (summed over the batch,
   * before the updater) in {@code graph.getFlattenedGradients()} and updates the batch norms'
   * running statistics, as the graph's {@code computeGradientAndScore} does.
   */
  public synchronized BatchScore computeGradient(INDArray images, INDArray labels) {
    int batch = (int) images.size(0);
    if (state == null || state.batch != batch) {
      state = null;
      state = new State(batch);
    }
    State s = state;
    INDArray floats = images.dataType() == DataType.FLOAT ? images : images.castTo(DataType.FLOAT);
    // The stem's convolution reads the images by address, as dense NCHW.
    s.value[0] = Views.isPlain(floats) ? floats : floats.dup('c');
    s.labels = labels.dataType() == DataType.FLOAT ? labels : labels.castTo(DataType.FLOAT);
    for (Step step : steps) {
      step.forward(s);
    }
    java.util.Arrays.fill(s.gradientCount, 0);
    for (int i = steps.size() - 1; i >= 0; i--) {
      steps.get(i).backward(s);
      s.release(Program.valueOf(i));
    }
    for (INDArray unused : statisticsGradients) {
      unused.assign(0);
    }
    return s.result;
  }

  /** One node's forward and backward pass over the state's arrays. */
  private interface Step {
    void forward(State s);

    void backward(State s);
  }

  /**
   * The arrays of one batch size. Values are kept for the backward pass, a ReLU in place over the
   * batch norm or sum before it (neither needs its output to go backward). Gradients come from a
   * pool of arrays by shape, held while a value's gradient may still be read and returned after:
   * only a few are alive at once, as in PyTorch's autograd.
   */
  private final class State {
    final int batch;
    final INDArray[] value = new INDArray[values];
    final INDArray[] gradient = new INDArray[values];
    final int[] gradientCount = new int[values];
    private final Map<List<Long>, ArrayDeque<INDArray>> free = new HashMap<>();
    private final Map<INDArray, Integer> holds = new IdentityHashMap<>();
    INDArray labels;
    BatchScore result;

    State(int batch) {
      this.batch = batch;
      for (int v = 1; v < values; v++) {
        Program.Node node = program.nodes().get(v - 1);
        if (node instanceof Program.Flatten) {
          continue;
        }
        int overwritten = overwrites(node);
        value[v] = overwritten > 0
            ? value[overwritten]
            : newArray(Buffers.withBatch(batch, program.shapes().get(v)));
      }
    }

    /**
     * The input whose array {@code node} may write its output into, or 0: an input that {@code
     * node} alone reads and that no backward pass reads. A ReLU may overwrite a batch norm's or an
     * addition's output (its own backward reads its output); an addition may overwrite a batch
     * norm's output (the residual block's second batch norm, so a block keeps one activation less,
     * as PyTorch's autograd frees it).
     */
    int overwrites(Program.Node node) {
      if (node instanceof Program.Relu relu && onlyReader(relu.input())) {
        Program.Node producer = producer(relu.input());
        return producer instanceof Program.BatchNorm || producer instanceof Program.Add
            ? relu.input() : 0;
      }
      if (node instanceof Program.Add add) {
        for (int in : new int[] {add.left(), add.right()}) {
          if (onlyReader(in) && producer(in) instanceof Program.BatchNorm) {
            return in;
          }
        }
      }
      return 0;
    }

    private boolean onlyReader(int in) {
      return in != 0 && readers[in] == 1;
    }

    private Program.Node producer(int value) {
      return program.nodes().get(value - 1);
    }

    /** A gradient-sized array from the pool; return it with {@link #give} or hand it on. */
    INDArray take(long[] shape) {
      ArrayDeque<INDArray> arrays = free.get(key(shape));
      INDArray array = arrays == null ? null : arrays.poll();
      return array != null ? array : newArray(shape);
    }

    private INDArray newArray(long[] shape) {
      return channelsLast ? ChannelsLast.create(shape) : Nd4j.create(DataType.FLOAT, shape);
    }

    /** Back to the pool, unless a value's gradient still holds it. */
    void give(INDArray array) {
      if (holds.getOrDefault(array, 0) == 0) {
        holds.remove(array);
        free.computeIfAbsent(key(array.shape()), k -> new ArrayDeque<>()).add(array);
      }
    }

    /**
     * Adds a gradient of value {@code v}; several readers' gradients are summed, in place when
     * nothing else holds the sum any more, else into a fresh array.
     */
    void addGradient(int v, INDArray g) {
      if (v == 0) {
        give(g); // nobody trains the images
        return;
      }
      if (gradientCount[v] == 0) {
        gradient[v] = g;
        holds.merge(g, 1, Integer::sum);
      } else {
        INDArray sum = gradient[v];
        if (holds.get(sum) == 1) {
          add(sum, g, sum);
        } else {
          INDArray fresh = take(sum.shape());
          add(sum, g, fresh);
          release(v);
          gradient[v] = fresh;
          holds.merge(fresh, 1, Integer::sum);
        }
        give(g);
      }
      gradientCount[v]++;
    }

    /**
     * {@code a + b} into {@code result}; over the arrays' memory when all three lie alike, because
     * libnd4j walks the permuted views of {@link ChannelsLast} index by index (a fifth of a
     * ResNet-20 step, by Java Flight Recorder, where the block's input sums its two gradients).
     */
    private void add(INDArray a, INDArray b, INDArray result) {
      if (ChannelsLast.sameDenseLayout(a, b) && ChannelsLast.sameDenseLayout(a, result)) {
        ChannelsLast.dense(a).add(ChannelsLast.dense(b), ChannelsLast.dense(result));
      } else {
        a.add(b, result);
      }
    }

    /** The gradient of {@code v} has been read for the last time. */
    void release(int v) {
      INDArray g = gradient[v];
      gradient[v] = null;
      if (g != null && holds.merge(g, -1, Integer::sum) == 0) {
        give(g);
      }
    }

    private List<Long> key(long[] shape) {
      return java.util.Arrays.stream(shape).boxed().toList();
    }
  }

  private Step step(Program.Node node, int out) {
    if (node instanceof Program.Conv conv) {
      return convolution(conv, out);
    }
    if (node instanceof Program.BatchNorm bn) {
      return batchNorm(bn, out);
    }
    if (node instanceof Program.Relu relu && fusedRelu[relu.input()]) {
      return new Step() {
        @Override
        public void forward(State s) {
          // The batch norm before, fused, wrote this value (the same array).
        }

        @Override
        public void backward(State s) {
          s.addGradient(relu.input(), s.gradient[out]);
        }
      };
    }
    if (node instanceof Program.Relu relu) {
      // Element-wise, so over each array's memory as it lies: all share one layout.
      return new Step() {
        @Override
        public void forward(State s) {
          Ops.relu(ChannelsLast.dense(s.value[relu.input()]), ChannelsLast.dense(s.value[out]));
        }

        @Override
        public void backward(State s) {
          INDArray gradIn = s.take(s.value[out].shape());
          Ops.reluBackprop(ChannelsLast.dense(s.value[out]),
              ChannelsLast.dense(s.gradient[out]), ChannelsLast.dense(gradIn));
          s.addGradient(relu.input(), gradIn);
        }
      };
    }
    if (node instanceof Program.Sigmoid sigmoid) {
      return new Step() {
        @Override
        public void forward(State s) {
          Ops.sigmoid(ChannelsLast.dense(s.value[sigmoid.input()]),
              ChannelsLast.dense(s.value[out]));
        }

        @Override
        public void backward(State s) {
          // d sigmoid(x) / dx = y (1 - y), from the output y.
          INDArray y = s.value[out];
          INDArray gradIn = s.take(y.shape());
          INDArray yDense = ChannelsLast.dense(y);
          yDense.rsub(1, ChannelsLast.dense(gradIn)).muli(yDense)
              .muli(ChannelsLast.dense(s.gradient[out]));
          s.addGradient(sigmoid.input(), gradIn);
        }
      };
    }
    if (node instanceof Program.Scale scale) {
      return new Step() {
        @Override
        public void forward(State s) {
          Ops.multiply(layout(s.value[scale.input()]), layout(s.value[scale.weights()]),
              layout(s.value[out]));
        }

        @Override
        public void backward(State s) {
          INDArray x = s.value[scale.input()];
          INDArray w = s.value[scale.weights()];
          INDArray g = s.gradient[out];
          INDArray gradIn = s.take(x.shape());
          Ops.multiply(layout(g), layout(w), layout(gradIn));
          // The weights' gradient sums g * x over each channel's positions.
          INDArray product = s.take(x.shape());
          ChannelsLast.dense(g).mul(ChannelsLast.dense(x), ChannelsLast.dense(product));
          INDArray gradWeights = s.take(w.shape());
          Nd4j.exec(new Sum(layout(product), Ops.channels(gradWeights), positions()));
          s.give(product);
          s.addGradient(scale.input(), gradIn);
          s.addGradient(scale.weights(), gradWeights);
        }
      };
    }
    if (node instanceof Program.Add add) {
      return new Step() {
        @Override
        public void forward(State s) {
          ChannelsLast.dense(s.value[add.left()]).add(ChannelsLast.dense(s.value[add.right()]),
              ChannelsLast.dense(s.value[out]));
        }

        @Override
        public void backward(State s) {
          s.addGradient(add.left(), s.gradient[out]);
          s.addGradient(add.right(), s.gradient[out]);
        }
      };
    }
    if (node instanceof Program.ZeroPad pad) {
      return new Step() {
        @Override
        public void forward(State s) {
          INDArray in = s.value[pad.input()];
          zero(s.value[out]);
          if (channelsLast) {
            ZeroPadding.inputChannelsChannelsLast(ChannelsLast.raw(s.value[out]), in.size(1))
                .assign(ZeroPadding.sampledChannelsLast(ChannelsLast.raw(in), pad.stride()));
          } else {
            ZeroPadding.inputChannels(s.value[out], in.size(1))
                .assign(ZeroPadding.sampled(in, pad.stride()));
          }
        }

        @Override
        public void backward(State s) {
          INDArray in = s.value[pad.input()];
          INDArray gradIn = s.take(in.shape());
          zero(gradIn);
          if (channelsLast) {
            ZeroPadding.sampledChannelsLast(ChannelsLast.raw(gradIn), pad.stride())
                .assign(ZeroPadding.inputChannelsChannelsLast(
                    ChannelsLast.raw(s.gradient[out]), in.size(1)));
          } else {
            ZeroPadding.sampled(gradIn, pad.stride())
                .assign(ZeroPadding.inputChannels(s.gradient[out], in.size(1)));
          }
          s.addGradient(pad.input(), gradIn);
        }
      };
    }
    if (node instanceof Program.Pool pool) {
      return new Step() {
        @Override
        public void forward(State s) {
          Ops.pool(pool, layout(s.value[pool.input()]), channelsLast, layout(s.value[out]));
        }

        @Override
        public void backward(State s) {
          INDArray gradIn = s.take(s.value[pool.input()].shape());
          Ops.poolBackprop(pool, layout(s.value[pool.input()]), layout(s.gradient[out]),
              channelsLast, layout(gradIn));
          s.addGradient(pool.input(), gradIn);
        }
      };
    }
    if (node instanceof Program.GlobalPool pool && !pool.max()) {
      return new Step() {
        @Override
        public void forward(State s) {
          INDArray result = pool.keepsPositions() ? Ops.channels(s.value[out]) : s.value[out];
          Nd4j.exec(new Mean(layout(s.value[pool.input()]), result, positions()));
        }

        @Override
        public void backward(State s) {
          INDArray in = s.value[pool.input()];
          INDArray gradIn = s.take(in.shape());
          INDArray g = pool.keepsPositions() ? Ops.channels(s.gradient[out]) : s.gradient[out];
          INDArray spread = layout(gradIn);
          Nd4j.exec(new BroadcastCopyOp(spread, g, spread, 0, channelsLast ? 3 : 1));
          ChannelsLast.dense(gradIn).muli(1.0 / (in.size(2) * in.size(3)));
          s.addGradient(pool.input(), gradIn);
        }
      };
    }
    if (node instanceof Program.Flatten flatten) {
      return new Step() {
        @Override
        public void forward(State s) {
          s.value[out] = s.value[flatten.input()].reshape('c', s.batch,
              program.shapes().get(out)[0]);
        }

        @Override
        public void backward(State s) {
          // A copy, not a view: the pool knows arrays by identity.
          INDArray gradIn = s.take(s.value[flatten.input()].shape());
          gradIn.assign(s.gradient[out].reshape('c', gradIn.shape()));
          s.addGradient(flatten.input(), gradIn);
        }
      };
    }
    if (node instanceof Program.Softmax softmax) {
      return softmax(softmax, out);
    }
    throw new UnsupportedOperationException("no fast training for " + node);
  }

  /** Zeroes a whole array of the pool over its memory, not index by index through a view. */
  private static void zero(INDArray x) {
    ChannelsLast.dense(x).assign(0);
  }

  /**
   * A rank-4 value as the layout it lies in: {@code [N, H, W, C]} when {@link #channelsLast}, else
   * NCHW as it is; other ranks as they are.
   */
  private INDArray layout(INDArray x) {
    return channelsLast && x.rank() == 4 ? ChannelsLast.raw(x) : x;
  }

  /** The dimensions of positions (rows and columns) in {@link #layout}'s arrays. */
  private int[] positions() {
    return channelsLast ? new int[] {1, 2} : new int[] {2, 3};
  }

  /**
   * A convolution on oneDNN 2.5's primitives ({@link TrainingConvolution}), or on libnd4j's
   * {@code conv2d}/{@code conv2d_bp} when oneDNN is off or did not load. libnd4j's oneDNN 2.3
   * reorders every NCHW activation and takes winograd for backward-data, about half of a
   * ResNet-20 step by {@code ONEDNN_VERBOSE}.
   */
  private Step convolution(Program.Conv conv, int out) {
    Layer layer = graph.getLayer(conv.layer());
    Map<String, INDArray> gradients = layerGradients(layer);
    INDArray w = layer.getParam(GraphParameters.key(Parameter.WEIGHT));
    INDArray gradW = gradients.get(GraphParameters.key(Parameter.WEIGHT));
    INDArray bias = conv.bias() ? BatchNormWeights.flat(layer.getParam(GraphParameters.key(Parameter.BIAS))) : null;
    INDArray gradBias = conv.bias() ? BatchNormWeights.flat(gradients.get(GraphParameters.key(Parameter.BIAS))) : null;
    OneDnn dnn = OneDnn.get();
    // Nobody trains the images, so the stem's convolution skips backward-data on oneDNN.
    boolean inputGradient = conv.input() != 0;
    TrainingConvolution primitives = dnn == null || !Views.isPlain(w) || !Views.isPlain(gradW)
        ? null
        : new TrainingConvolution(dnn, scratch, program.shapes().get(conv.input()),
            program.shapes().get(out), conv.kernel(), conv.groups(), conv.stride(),
            conv.padding(), conv.bias(), inputGradient,
            channelsLast && conv.input() != 0 ? memory.format_tag.nhwc : memory.format_tag.nchw,
            channelsLast ? memory.format_tag.nhwc : memory.format_tag.nchw);
    if (primitives != null) {
      convolutionsOnOneDnn++;
    } else if (channelsLast) {
      LOG.warn("{}: weights not dense, so this convolution trains on libnd4j's ops over NHWC"
          + " views", conv.layer());
    }
    return new Step() {
      @Override
      public void forward(State s) {
        if (primitives != null) {
          primitives.forward(s.value[conv.input()], w, bias, s.value[out]);
        } else {
          Ops.conv2d(s.value[conv.input()], w, bias, conv.groups(), conv.stride(),
              conv.padding(), s.value[out]);
        }
      }

      @Override
      public void backward(State s) {
        INDArray in = s.value[conv.input()];
        if (primitives != null) {
          INDArray gradIn = inputGradient ? s.take(in.shape()) : null;
          primitives.backward(in, w, s.gradient[out], gradIn, gradW, gradBias);
          if (gradIn != null) {
            s.addGradient(conv.input(), gradIn);
          }
          return;
        }
        INDArray gradIn = s.take(in.shape());
        Ops.conv2dBackprop(in, w, bias, s.gradient[out], conv.groups(), conv.stride(),
            conv.padding(), gradIn, gradW, gradBias);
        s.addGradient(conv.input(), gradIn);
      }
    };
  }

  /**
   * Batch norm with the batch's statistics. Over NHWC activations, oneDNN's primitives ({@link
   * TrainingBatchNorm}), the next ReLU fused where it alone reads the output. Otherwise (libnd4j's
   * path, or a batch norm of vectors) in five passes over the activations forward and
   * backward together: per-channel sums of x, x * x, g and g * x (see {@link ChannelStatistics})
   * and libnd4j's {@code batchnorm} op as a per-channel affine map. Its {@code batchnorm_bp} and
   * broadcasts along the channel axis are several times slower on these shapes. The per-channel
   * arithmetic is done in doubles, so that the variance as E[x^2] - E[x]^2 keeps its precision.
   */
  private Step batchNorm(Program.BatchNorm bn, int out) {
    Layer layer = graph.getLayer(bn.layer());
    BatchNormWeights weights = BatchNormWeights.of(layer, bn.epsilon());
    Map<String, INDArray> gradients = layerGradients(layer);
    INDArray gradGamma = BatchNormWeights.flat(gradients.get(GraphParameters.key(Parameter.GAMMA)));
    INDArray gradBeta = BatchNormWeights.flat(gradients.get(GraphParameters.key(Parameter.BETA)));
    statisticsGradients.add(gradients.get(GraphParameters.key(Parameter.RUNNING_MEAN)));
    statisticsGradients.add(gradients.get(GraphParameters.key(Parameter.RUNNING_VAR)));
    int channels = (int) weights.gamma().length();
    double decay = bn.decay();
    if (channelsLast && program.shapes().get(bn.input()).length == 3) {
      batchNormsOnOneDnn++;
      TrainingBatchNorm primitives = new TrainingBatchNorm(OneDnn.get(),
          program.shapes().get(bn.input()), bn.epsilon(), fusedRelu[out]);
      return new Step() {
        @Override
        public void forward(State s) {
          primitives.forward(s.value[bn.input()], weights.gamma(), weights.beta(), s.value[out]);
          moveRunningStatistics(weights, decay, primitives.mean().toDoubleVector(),
              primitives.variance().toDoubleVector());
        }

        @Override
        public void backward(State s) {
          INDArray x = s.value[bn.input()];
          INDArray gradIn = s.take(x.shape());
          primitives.backward(x, weights.gamma(), s.gradient[out], gradIn, gradGamma, gradBeta);
          s.addGradient(bn.input(), gradIn);
        }
      };
    }
    ChannelAffine affine = new ChannelAffine(channels);
    INDArray mean = Nd4j.create(DataType.FLOAT, channels);
    INDArray variance = Nd4j.create(DataType.FLOAT, channels);
    INDArray scale = Nd4j.create(DataType.FLOAT, channels);
    INDArray shift = Nd4j.create(DataType.FLOAT, channels);
    return new Step() {
      double[] batchMean;
      double[] inverseStd;

      @Override
      public void forward(State s) {
        INDArray x = s.value[bn.input()];
        INDArray rows = s.take(new long[] {x.size(0) * channels});
        double m = x.length() / (double) channels;
        double[] sum = ChannelStatistics.sum(x, rows);
        double[] squares = ChannelStatistics.dot(x, x, rows);
        s.give(rows);
        batchMean = new double[channels];
        double[] batchVariance = new double[channels];
        inverseStd = new double[channels];
        for (int c = 0; c < channels; c++) {
          batchMean[c] = sum[c] / m;
          batchVariance[c] = Math.max(0, squares[c] / m - batchMean[c] * batchMean[c]);
          inverseStd[c] = 1 / Math.sqrt(batchVariance[c] + bn.epsilon());
        }
        moveRunningStatistics(weights, decay, batchMean, batchVariance);
        ChannelStatistics.write(mean, batchMean);
        ChannelStatistics.write(variance, batchVariance);
        Ops.batchNorm(x, mean, variance, weights.gamma(), weights.beta(), bn.epsilon(),
            s.value[out]);
      }

      @Override
      public void backward(State s) {
        INDArray x = s.value[bn.input()];
        INDArray g = s.gradient[out];
        INDArray rows = s.take(new long[] {x.size(0) * channels});
        double m = x.length() / (double) channels;
        double[] gradientSum = ChannelStatistics.sum(g, rows);
        double[] gradientDotX = ChannelStatistics.dot(g, x, rows);
        s.give(rows);
        float[] gamma = weights.gamma().toFloatVector();
        double[] dGamma = new double[channels];
        double[] a = new double[channels];
        double[] b = new double[channels];
        for (int c = 0; c < channels; c++) {
          // dx = a * g + b * (x - mean) - a * sum(g) / m, with sum(g * (x - mean)) as
          // sum(g * x) - mean * sum(g)
          double centredDot = gradientDotX[c] - batchMean[c] * gradientSum[c];
          dGamma[c] = centredDot * inverseStd[c];
          a[c] = gamma[c] * inverseStd[c];
          b[c] = -a[c] * inverseStd[c] * inverseStd[c] * centredDot / m;
        }
        double[] c0 = new double[channels];
        for (int c = 0; c < channels; c++) {
          c0[c] = -a[c] * gradientSum[c] / m - b[c] * batchMean[c];
        }
        ChannelStatistics.write(gradGamma, dGamma);
        ChannelStatistics.write(gradBeta, gradientSum);
        // x is read by this batch norm alone: b * x + c0 overwrites it.
        ChannelStatistics.write(scale, b);
        ChannelStatistics.write(shift, c0);
        INDArray partial = readers[bn.input()] == 1 ? x : s.take(x.shape());
        affine.scaleAndShift(x, scale, shift, partial);
        ChannelStatistics.write(scale, a);
        INDArray gradIn = s.take(x.shape());
        affine.scale(g, scale, gradIn);
        gradIn.addi(partial);
        if (partial != x) {
          s.give(partial);
        }
        s.addGradient(bn.input(), gradIn);
      }
    };
  }

  /**
   * DL4J's running statistics: {@code decay * running + (1 - decay) * batch}, the variance the
   * batch's biased one (divided by the number of values).
   */
  private static void moveRunningStatistics(BatchNormWeights weights, double decay,
      double[] batchMean, double[] batchVariance) {
    float[] runningMean = weights.mean().toFloatVector();
    float[] runningVariance = weights.variance().toFloatVector();
    double[] newMean = new double[batchMean.length];
    double[] newVariance = new double[batchMean.length];
    for (int c = 0; c < batchMean.length; c++) {
      newMean[c] = decay * runningMean[c] + (1 - decay) * batchMean[c];
      newVariance[c] = decay * runningVariance[c] + (1 - decay) * batchVariance[c];
    }
    ChannelStatistics.write(weights.mean(), newMean);
    ChannelStatistics.write(weights.variance(), newVariance);
  }

  private Step softmax(Program.Softmax softmax, int out) {
    Layer layer = graph.getLayer(softmax.layer());
    Map<String, INDArray> gradients = layerGradients(layer);
    INDArray w = layer.getParam(GraphParameters.key(Parameter.WEIGHT));
    INDArray bias = layer.getParam(GraphParameters.key(Parameter.BIAS));
    INDArray gradW = gradients.get(GraphParameters.key(Parameter.WEIGHT));
    INDArray gradBias = gradients.get(GraphParameters.key(Parameter.BIAS));
    return new Step() {
      @Override
      public void forward(State s) {
        INDArray features = s.value[softmax.input()];
        INDArray logits = features.mmul(w).addiRowVector(bias);
        Ops.softmax(logits, s.value[out]);
        s.result = BatchScore.of(logits, s.labels);
      }

      @Override
      public void backward(State s) {
        INDArray features = s.value[softmax.input()];
        // Cross-entropy through softmax: p - y, summed over the batch as DL4J's loss gives it.
        INDArray gradLogits = s.take(s.value[out].shape());
        s.value[out].sub(s.labels, gradLogits);
        Nd4j.gemm(features, gradLogits, gradW, true, false, 1.0, 0.0);
        gradLogits.sum(gradBias.reshape(gradBias.length()), 0);
        INDArray gradIn = s.take(features.shape());
        Nd4j.gemm(gradLogits, w, gradIn, false, true, 1.0, 0.0);
        s.give(gradLogits);
        s.addGradient(softmax.input(), gradIn);
      }
    };
  }

  /** DL4J's gradient views of a layer's parameters, by parameter name. */
  private static Map<String, INDArray> layerGradients(Layer layer) {
    return layer.conf().getLayer().initializer()
        .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
  }
}
