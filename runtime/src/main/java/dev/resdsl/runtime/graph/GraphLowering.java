package dev.resdsl.runtime.graph;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.LayerRole;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Lowers a {@link LayerPlan} to a Deeplearning4j graph: one vertex per planned layer, of the same
 * name, reading the same inputs. The one place that knows which Deeplearning4j layer computes each
 * {@link LayerOp}.
 *
 * <p>Convolutions pad symmetrically by {@code kernel / 2} and truncate, so a stride {@code s} maps
 * {@code n} to {@code ceil(n / s)} for odd kernels, as in the paper's and torchvision's networks.
 * Deeplearning4j's own shape inference then runs over the result, and must agree with the plan's
 * shape for every layer.
 *
 * <p>What Deeplearning4j 1.0.0-M2.1 lacks is ResDSL's own: a grouped convolution is a {@link
 * GroupedConvolution} layer, a squeeze-and-excitation unit's channel scaling a {@link
 * ChannelScaleVertex}, and option A's shortcut a {@link ZeroPadShortcutVertex}.
 */
public final class GraphLowering {
  // The paper's training recipe (SGD with momentum 0.9, learning rate 0.1, weight decay 1e-4), as
  // the Trainer sets it: L2 before the update, PyTorch's weight_decay. It is in the configuration
  // too, so that plain DL4J training (fit, Spark) follows the same recipe.
  private static final double LEARNING_RATE = 0.1;
  private static final double MOMENTUM = 0.9;
  private static final double WEIGHT_DECAY = 1e-4;

  private GraphLowering() {}

  /**
   * The Deeplearning4j configuration of {@code plan}, its weights to be drawn from {@code seed}.
   *
   * @throws IllegalStateException if Deeplearning4j infers another shape for a layer than the
   *     plan
   */
  public static ComputationGraphConfiguration configuration(LayerPlan plan, long seed) {
    GraphBuilder graph =
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
            .addInputs(LayerNames.INPUT)
            .setInputTypes(inputType(plan.input()));
    for (PlannedLayer layer : plan.layers()) {
      add(graph, layer);
    }
    ComputationGraphConfiguration configuration =
        graph.setOutputs(plan.output().name()).build();
    checkShapes(plan, configuration);
    return configuration;
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

  private static void add(GraphBuilder graph, PlannedLayer layer) {
    String[] from = layer.inputs().toArray(String[]::new);
    LayerOp op = layer.op();
    if (op instanceof LayerOp.Add) {
      graph.addVertex(layer.name(), new ElementWiseVertex(ElementWiseVertex.Op.Add), from);
    } else if (op instanceof LayerOp.ZeroPadShortcut pad) {
      graph.addVertex(layer.name(), new ZeroPadShortcutVertex(pad.channels(), pad.stride()), from);
    } else if (op instanceof LayerOp.ChannelScale) {
      graph.addVertex(layer.name(), new ChannelScaleVertex(), from);
    } else {
      graph.addLayer(layer.name(), dl4jLayer(layer), from);
    }
  }

  private static org.deeplearning4j.nn.conf.layers.Layer dl4jLayer(PlannedLayer layer) {
    LayerOp op = layer.op();
    if (op instanceof LayerOp.Convolution conv && conv.groups() > 1) {
      return new GroupedConvolution(conv.channels(), conv.kernel(), conv.stride(), conv.groups(),
          conv.bias());
    }
    if (op instanceof LayerOp.Convolution conv) {
      return new ConvolutionLayer.Builder(conv.kernel(), conv.kernel())
          .stride(conv.stride(), conv.stride())
          .padding(conv.padding(), conv.padding())
          .nOut(conv.channels())
          .hasBias(conv.bias())
          .build();
    }
    if (op instanceof LayerOp.BatchNorm bn) {
      return new BatchNormalization.Builder()
          .eps(bn.epsilon())
          .decay(bn.decay())
          // Plain running variance, as torchvision stores it, so that weights import as they are.
          .useLogStd(false)
          .gamma(bn.zeroGamma() ? 0 : 1)
          .build();
    }
    if (op instanceof LayerOp.Relu) {
      return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
    if (op instanceof LayerOp.Sigmoid) {
      return new ActivationLayer.Builder().activation(Activation.SIGMOID).build();
    }
    if (op instanceof LayerOp.CeilAveragePooling pool) {
      // DL4J's Same mode makes ceil(n / s) windows and pads only after the input (kernel <=
      // stride needs at most one row), so the last window is PyTorch's ceil-mode one; the
      // divisor counts only the positions inside the input, as count_include_pad=False.
      return new SubsamplingLayer.Builder(PoolingType.AVG)
          .kernelSize(pool.kernel(), pool.kernel())
          .stride(pool.stride(), pool.stride())
          .convolutionMode(ConvolutionMode.Same)
          .avgPoolIncludePadInDivisor(false)
          .build();
    }
    if (op instanceof LayerOp.Pooling pool) {
      return new SubsamplingLayer.Builder(poolingType(pool.type()))
          .kernelSize(pool.kernel(), pool.kernel())
          .stride(pool.stride(), pool.stride())
          .padding(pool.padding(), pool.padding())
          // Averages count the padding, as PyTorch's AvgPool2d does by default.
          .avgPoolIncludePadInDivisor(true)
          .build();
    }
    if (op instanceof LayerOp.GlobalPooling pool) {
      // The head's pool feeds the dense layer flat; a squeeze-and-excitation unit's keeps its
      // [N, C, 1, 1] for the 1x1 convolutions after it.
      return new GlobalPoolingLayer.Builder(poolingType(pool.type()))
          .collapseDimensions(layer.role().unit() == LayerRole.Unit.HEAD)
          .build();
    }
    if (op instanceof LayerOp.Dropout dropout) {
      // DL4J's DropoutLayer takes the probability of KEEPING an activation.
      return new DropoutLayer.Builder(1 - dropout.probability()).build();
    }
    if (op instanceof LayerOp.DenseSoftmax dense) {
      return new OutputLayer.Builder(LossFunction.MCXENT)
          .nOut(dense.classes())
          .activation(Activation.SOFTMAX)
          .weightInit(WeightInit.XAVIER)
          .build();
    }
    throw new IllegalArgumentException("no Deeplearning4j layer for " + op);
  }

  private static void checkShapes(LayerPlan plan, ComputationGraphConfiguration configuration) {
    Map<String, Shape> inferred = activationShapes(configuration, plan.input());
    for (PlannedLayer layer : plan.layers()) {
      Shape actual = inferred.get(layer.name());
      if (!layer.output().equals(actual)) {
        throw new IllegalStateException("layer " + layer.name() + ": the plan has "
            + layer.output() + " but Deeplearning4j infers " + actual);
      }
    }
  }

  private static PoolingType poolingType(Pool pool) {
    return switch (pool) {
      case MAX -> PoolingType.MAX;
      case AVG -> PoolingType.AVG;
      case NONE -> throw new IllegalArgumentException("no pooling type for Pool.NONE");
    };
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
