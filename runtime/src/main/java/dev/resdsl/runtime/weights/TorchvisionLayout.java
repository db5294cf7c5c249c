package dev.resdsl.runtime.weights;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.StageDescription;
import dev.resdsl.runtime.graph.ResidualGraphBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The names and shapes that torchvision's {@code ResNet.state_dict()} gives a generated network's
 * parameters.
 *
 * <p>The stem's {@code stem_conv} and {@code stem_bn} are {@code conv1} and {@code bn1}; the {@code
 * i}-th stage after the stem is {@code layer<i>}, its block {@code j} (from 1) is {@code
 * layer<i>.<j-1>}, with {@code conv1..3} and {@code bn1..3} as they are and the projection shortcut
 * as {@code downsample.0} (convolution) and {@code downsample.1} (batch norm); the dense softmax
 * layer is {@code fc}. A batch norm's gamma, beta, mean and variance are {@code weight}, {@code
 * bias}, {@code running_mean} and {@code running_var}, and its {@code num_batches_tracked} counter
 * is accepted and ignored. torchvision's convolutions have no bias: a network that has them takes
 * {@code <conv>.bias} if the file holds it, zero otherwise.
 */
public final class TorchvisionLayout {
  private static final String STEM = "stem";

  private TorchvisionLayout() {}

  /**
   * Every tensor a torchvision state dict holds for {@code network}, in the graph's order.
   *
   * @throws IllegalArgumentException if the network has a layer torchvision's ResNet has no
   *     counterpart for
   */
  public static List<ParameterBinding> bindings(GeneratedNetwork network) {
    List<Pattern> stages = stagePatterns(network.description().stages());
    List<ParameterBinding> bindings = new ArrayList<>();
    for (Layer layer : network.graph().getLayers()) {
      if (layer.numParams() == 0) {
        continue;
      }
      String vertex = layer.conf().getLayer().getLayerName();
      String module = module(network, stages, vertex);
      Map<String, INDArray> parameters = layer.paramTable();
      List<ParameterBinding> own = layerBindings(network, layer, module, vertex, parameters);
      // Every parameter must be bound, or an import would leave it at its initial value unseen.
      Set<String> bound = new HashSet<>();
      own.stream().filter(b -> b.parameter() != null).forEach(b -> bound.add(b.parameter()));
      if (!bound.equals(parameters.keySet())) {
        throw new IllegalArgumentException(
            network.name()
                + ": layer "
                + vertex
                + " has parameters "
                + parameters.keySet()
                + ", of which torchvision's layout knows "
                + bound);
      }
      bindings.addAll(own);
    }
    return bindings;
  }

  private static List<ParameterBinding> layerBindings(
      GeneratedNetwork network,
      Layer layer,
      String module,
      String vertex,
      Map<String, INDArray> parameters) {
    List<ParameterBinding> bindings = new ArrayList<>();
    var conf = layer.conf().getLayer();
    if (conf instanceof ConvolutionLayer) {
      bindings.add(
          ParameterBinding.required(
              module + ".weight",
              shape(parameters.get(DefaultParamInitializer.WEIGHT_KEY)),
              vertex,
              DefaultParamInitializer.WEIGHT_KEY));
      if (parameters.containsKey(DefaultParamInitializer.BIAS_KEY)) {
        bindings.add(
            ParameterBinding.optional(
                module + ".bias",
                vector(parameters.get(DefaultParamInitializer.BIAS_KEY)),
                vertex,
                DefaultParamInitializer.BIAS_KEY));
      }
    } else if (conf instanceof BatchNormalization) {
      String[][] names = {
        {"weight", BatchNormalizationParamInitializer.GAMMA},
        {"bias", BatchNormalizationParamInitializer.BETA},
        {"running_mean", BatchNormalizationParamInitializer.GLOBAL_MEAN},
        {"running_var", BatchNormalizationParamInitializer.GLOBAL_VAR},
      };
      for (String[] name : names) {
        // A batch norm without one of them (log-std variance, locked gamma and beta) fails the
        // completeness check in bindings() instead of here.
        if (parameters.containsKey(name[1])) {
          bindings.add(
              ParameterBinding.required(
                  module + "." + name[0], vector(parameters.get(name[1])), vertex, name[1]));
        }
      }
      bindings.add(ParameterBinding.ignored(module + ".num_batches_tracked", List.of()));
    } else if (conf instanceof FeedForwardLayer) {
      INDArray weights = parameters.get(DefaultParamInitializer.WEIGHT_KEY);
      bindings.add(
          ParameterBinding.requiredTransposed(
              module + ".weight",
              List.of(weights.size(1), weights.size(0)),
              vertex,
              DefaultParamInitializer.WEIGHT_KEY));
      bindings.add(
          ParameterBinding.required(
              module + ".bias",
              vector(parameters.get(DefaultParamInitializer.BIAS_KEY)),
              vertex,
              DefaultParamInitializer.BIAS_KEY));
    } else {
      throw new IllegalArgumentException(
          network.name()
              + ": layer "
              + vertex
              + " ("
              + conf.getClass().getSimpleName()
              + ") has no counterpart in torchvision's ResNet");
    }
    return bindings;
  }

  /**
   * One pattern per stage after the stem, matching its blocks' layer vertices ({@code
   * <stage>_block<j>_<layer>}), in stage order.
   */
  private static List<Pattern> stagePatterns(List<StageDescription> stages) {
    List<Pattern> patterns = new ArrayList<>();
    for (StageDescription stage : stages) {
      // The stem's output vertex is "stem"; a stage's is one of its blocks.
      if (patterns.isEmpty() && stage.vertex().equals(STEM)) {
        continue;
      }
      patterns.add(
          Pattern.compile(
              Pattern.quote(stage.name())
                  + "_block([1-9][0-9]*)_(conv[1-3]|bn[1-3]|shortcut_conv|shortcut_bn)"));
    }
    return patterns;
  }

  /** torchvision's module name for the layer at {@code vertex}. */
  private static String module(GeneratedNetwork network, List<Pattern> stages, String vertex) {
    switch (vertex) {
      case "stem_conv":
        return "conv1";
      case "stem_bn":
        return "bn1";
      case ResidualGraphBuilder.OUTPUT:
        return "fc";
      default:
        break;
    }
    for (int i = 0; i < stages.size(); i++) {
      Matcher m = stages.get(i).matcher(vertex);
      if (m.matches()) {
        int block = Integer.parseInt(m.group(1)) - 1;
        String layer =
            switch (m.group(2)) {
              case "shortcut_conv" -> "downsample.0";
              case "shortcut_bn" -> "downsample.1";
              default -> m.group(2);
            };
        return "layer" + (i + 1) + "." + block + "." + layer;
      }
    }
    throw new IllegalArgumentException(
        network.name() + ": layer " + vertex + " has no counterpart in torchvision's ResNet");
  }

  private static List<Long> shape(INDArray array) {
    List<Long> shape = new ArrayList<>();
    for (long dimension : array.shape()) {
      shape.add(dimension);
    }
    return shape;
  }

  /**
   * PyTorch keeps vectors one-dimensional; some Deeplearning4j layers keep them as {@code [1, n]}.
   */
  private static List<Long> vector(INDArray array) {
    return List.of(array.length());
  }
}
