package dev.resdsl.runtime.graph;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.StageDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Builds the Deeplearning4j graph of a residual network block by block; the code that the ResDSL
 * processor generates calls it.
 *
 * <p>Vertex names are fixed so that generated code, weight import and summaries can find them: the
 * input is {@code "input"}; the stem's output is {@code "stem"} (its layers {@code stem_conv},
 * {@code stem_bn}, {@code stem_relu} when a pool follows); a block's output, the ReLU after the
 * addition, is exactly the block name, its layers {@code <block>_conv1}, {@code <block>_bn1},
 * {@code <block>_relu1}, ..., {@code <block>_shortcut_conv}, {@code <block>_shortcut_bn} or {@code
 * <block>_shortcut} (zero padding), {@code <block>_add}; the head is {@code head_pool}, {@code
 * head_dropout} and the softmax layer {@code "output"}.
 *
 * <p>Convolutions pad symmetrically by {@code kernel / 2} and truncate, so a stride {@code s} maps
 * {@code n} to {@code ceil(n / s)} for odd kernels, as in the paper's and torchvision's networks.
 * Every convolution and batch norm is linear; ReLUs are separate layers, so that a residual branch
 * is added before its activation.
 */
public final class ResidualGraphBuilder {
  /** The name of the graph's input vertex. */
  public static final String INPUT = "input";

  /** The name of the softmax output layer. */
  public static final String OUTPUT = "output";

  // The paper's training recipe (SGD with momentum 0.9, learning rate 0.1, weight decay 1e-4), as
  // the Trainer sets it: L2 before the update, PyTorch's weight_decay. It is in the configuration
  // too, so that plain DL4J training (fit, Spark) follows the same recipe.
  private static final double LEARNING_RATE = 0.1;
  private static final double MOMENTUM = 0.9;
  private static final double WEIGHT_DECAY = 1e-4;

  private final GraphBuilder graph;
  private final Shape input;
  private final LayerConventions conventions;
  private final List<StageDescription> stages = new ArrayList<>();
  private String current = INPUT;
  private boolean built;

  private ResidualGraphBuilder(long seed, Shape input, LayerConventions conventions) {
    this.input = input;
    this.conventions = conventions;
    this.graph =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .dataType(DataType.FLOAT)
            .updater(new Nesterovs(LEARNING_RATE, MOMENTUM))
            .l2(WEIGHT_DECAY)
            .l2Bias(WEIGHT_DECAY)
            // Layers that name no activation are linear; without this, DL4J's default is sigmoid.
            .activation(Activation.IDENTITY)
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Truncate)
            .graphBuilder()
            .addInputs(INPUT)
            .setInputTypes(inputType(input));
  }

  /** Starts a graph on images of the given shape. */
  public static ResidualGraphBuilder start(long seed, Shape input, LayerConventions conventions) {
    return new ResidualGraphBuilder(seed, input, conventions);
  }

  /** Adds the stem: conv(kernel, stride, padding kernel/2) + BN + ReLU + optional 3x3/2 pool. */
  public ResidualGraphBuilder stem(int filters, int kernel, int stride, Pool pool) {
    checkOpen();
    if (!current.equals(INPUT)) {
      throw new IllegalStateException(
          "the stem must come first, but the graph already has " + current);
    }
    String x = conv("stem_conv", INPUT, filters, kernel, stride);
    x = batchNorm("stem_bn", x, false);
    if (pool == Pool.NONE) {
      current = relu("stem", x);
    } else {
      x = relu("stem_relu", x);
      current = add("stem", pool(pool), x);
    }
    return this;
  }

  /** Adds a basic block (two 3x3 convolutions) whose output vertex is named {@code block}. */
  public ResidualGraphBuilder basic(String block, int filters, int stride, BlockShortcut shortcut) {
    checkOpen();
    String in = current;
    String x = conv(block + "_conv1", in, filters, 3, stride);
    x = batchNorm(block + "_bn1", x, false);
    x = relu(block + "_relu1", x);
    x = conv(block + "_conv2", x, filters, 3, 1);
    x = batchNorm(block + "_bn2", x, zeroGamma(shortcut));
    return join(block, in, x, filters, stride, shortcut);
  }

  /** Adds a bottleneck block (1x1, 3x3, 1x1 with 4x filters) named {@code block}. */
  public ResidualGraphBuilder bottleneck(
      String block, int filters, int stride, BlockShortcut shortcut) {
    checkOpen();
    boolean first = conventions.bottleneckStride() == StridePlacement.FIRST;
    String in = current;
    String x = conv(block + "_conv1", in, filters, 1, first ? stride : 1);
    x = batchNorm(block + "_bn1", x, false);
    x = relu(block + "_relu1", x);
    x = conv(block + "_conv2", x, filters, 3, first ? 1 : stride);
    x = batchNorm(block + "_bn2", x, false);
    x = relu(block + "_relu2", x);
    x = conv(block + "_conv3", x, 4 * filters, 1, 1);
    x = batchNorm(block + "_bn3", x, zeroGamma(shortcut));
    return join(block, in, x, 4 * filters, stride, shortcut);
  }

  /**
   * Marks the current vertex as the output of a stage the compiler inferred as {@code expected}.
   */
  public ResidualGraphBuilder endStage(String stage, Shape expected) {
    checkOpen();
    stages.add(new StageDescription(stage, current, expected));
    return this;
  }

  /**
   * Adds global pooling (or none), dropout, the dense softmax output, and builds.
   *
   * @param dropout the probability of dropping an activation, in {@code [0, 1)}
   * @throws IllegalStateException if Deeplearning4j infers another shape for a stage than the one
   *     passed to {@link #endStage}
   */
  public ComputationGraphConfiguration head(Pool pool, double dropout, int classes) {
    checkOpen();
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    String x = current;
    if (pool != Pool.NONE) {
      x = add("head_pool", new GlobalPoolingLayer.Builder(poolingType(pool)).build(), x);
    }
    if (dropout > 0) {
      // DL4J's DropoutLayer takes the probability of KEEPING an activation.
      x = add("head_dropout", new DropoutLayer.Builder(1 - dropout).build(), x);
    }
    add(
        OUTPUT,
        new OutputLayer.Builder(LossFunction.MCXENT)
            .nOut(classes)
            .activation(Activation.SOFTMAX)
            .weightInit(WeightInit.XAVIER)
            .build(),
        x);
    built = true;
    ComputationGraphConfiguration configuration = graph.setOutputs(OUTPUT).build();
    checkStages(configuration);
    return configuration;
  }

  /** The stages marked so far: name, output vertex and the shape the compiler expects there. */
  public List<StageDescription> stages() {
    return List.copyOf(stages);
  }

  /**
   * The shape of every vertex's activations as Deeplearning4j infers them for one image of {@code
   * input}, the input first, then in the configuration's vertex order; flat activations of {@code
   * n} values are {@code n x 1 x 1}.
   */
  public static Map<String, Shape> activationShapes(
      ComputationGraphConfiguration configuration, Shape input) {
    // On a copy: DL4J's inference may add preprocessors and set sizes as it goes, and asked not
    // to, it fails on the preprocessors a built configuration already has.
    Map<String, InputType> types = configuration.clone().getLayerActivationTypes(inputType(input));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    for (String name : configuration.getNetworkInputs()) {
      shapes.put(name, shape(types.get(name)));
    }
    for (String name : configuration.getVertices().keySet()) {
      shapes.put(name, shape(types.get(name)));
    }
    return shapes;
  }

  private void checkStages(ComputationGraphConfiguration configuration) {
    Map<String, Shape> inferred = activationShapes(configuration, input);
    for (StageDescription stage : stages) {
      Shape actual = inferred.get(stage.vertex());
      if (!stage.output().equals(actual)) {
        throw new IllegalStateException(
            "stage "
                + stage.name()
                + " (vertex "
                + stage.vertex()
                + "): the compiler inferred "
                + stage.output()
                + " but Deeplearning4j infers "
                + actual);
      }
    }
  }

  private ResidualGraphBuilder join(
      String block, String in, String residual, int channels, int stride, BlockShortcut shortcut) {
    if (shortcut == BlockShortcut.NONE) {
      current = relu(block, residual);
      return this;
    }
    String shortcutOut =
        switch (shortcut) {
          case IDENTITY -> {
            if (stride != 1) {
              throw new IllegalArgumentException(
                  block + ": an identity shortcut cannot follow stride " + stride);
            }
            yield in;
          }
          case ZERO_PAD ->
              vertex(block + "_shortcut", new ZeroPadShortcutVertex(channels, stride), in);
          case PROJECTION ->
              batchNorm(
                  block + "_shortcut_bn",
                  conv(block + "_shortcut_conv", in, channels, 1, stride),
                  false);
          case NONE -> throw new AssertionError(shortcut);
        };
    String sum =
        vertex(
            block + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), residual, shortcutOut);
    current = relu(block, sum);
    return this;
  }

  private boolean zeroGamma(BlockShortcut shortcut) {
    return conventions.zeroInitResidual() && shortcut != BlockShortcut.NONE;
  }

  private String conv(String name, String from, int filters, int kernel, int stride) {
    return add(
        name,
        new ConvolutionLayer.Builder(kernel, kernel)
            .stride(stride, stride)
            .padding(kernel / 2, kernel / 2)
            .nOut(filters)
            .hasBias(conventions.convBias())
            .build(),
        from);
  }

  private String batchNorm(String name, String from, boolean zeroGamma) {
    return add(
        name,
        new BatchNormalization.Builder()
            .eps(conventions.batchNormEpsilon())
            .decay(conventions.batchNormDecay())
            // Plain running variance, as torchvision stores it, so that weights import as they are.
            .useLogStd(false)
            .gamma(zeroGamma ? 0 : 1)
            .build(),
        from);
  }

  private String relu(String name, String from) {
    return add(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), from);
  }

  private static Layer pool(Pool pool) {
    return new SubsamplingLayer.Builder(poolingType(pool))
        .kernelSize(3, 3)
        .stride(2, 2)
        .padding(1, 1)
        // Averages count the padding, as PyTorch's AvgPool2d does by default.
        .avgPoolIncludePadInDivisor(true)
        .build();
  }

  private static PoolingType poolingType(Pool pool) {
    return switch (pool) {
      case MAX -> PoolingType.MAX;
      case AVG -> PoolingType.AVG;
      case NONE -> throw new IllegalArgumentException("no pooling type for Pool.NONE");
    };
  }

  private String add(String name, Layer layer, String from) {
    graph.addLayer(name, layer, from);
    return name;
  }

  private String vertex(String name, GraphVertex vertex, String... from) {
    graph.addVertex(name, vertex, from);
    return name;
  }

  private void checkOpen() {
    if (built) {
      throw new IllegalStateException("head() has already built this graph");
    }
  }

  private static InputType inputType(Shape shape) {
    return InputType.convolutional(shape.height(), shape.width(), shape.channels());
  }

  private static Shape shape(InputType type) {
    if (type instanceof InputType.InputTypeConvolutional conv) {
      return new Shape(
          Math.toIntExact(conv.getChannels()),
          Math.toIntExact(conv.getHeight()),
          Math.toIntExact(conv.getWidth()));
    }
    if (type instanceof InputType.InputTypeFeedForward flat) {
      return new Shape(Math.toIntExact(flat.getSize()), 1, 1);
    }
    throw new IllegalStateException("not an image or a vector: " + type);
  }
}
