package dev.resdsl.runtime.weights;

import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.LayerRole;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.model.plan.ParameterShape;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.graph.GraphParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The names and shapes that torchvision's {@code ResNet.state_dict()} gives a generated network's
 * parameters, found from each layer's role in the network's plan.
 *
 * <p>The stem's convolution and batch norm are {@code conv1} and {@code bn1}; the {@code i}-th
 * stage is {@code layer<i>}, its block {@code j} (from 1) is {@code layer<i>.<j-1>}, with the
 * branch's {@code conv1..3} and {@code bn1..3} as they are and the projection shortcut as {@code
 * downsample.0} (convolution) and {@code downsample.1} (batch norm); the dense softmax layer is
 * {@code fc}. A batch norm's gamma, beta, mean and variance are {@code weight}, {@code bias},
 * {@code running_mean} and {@code running_var}, and its {@code num_batches_tracked} counter is
 * accepted and ignored. torchvision's convolutions have no bias: a network that has them takes
 * {@code <conv>.bias} if the file holds it, zero otherwise.
 *
 * <p>ResNeXt's and the wide ResNets' blocks are named alike; a grouped convolution's weights are
 * {@code [out, in / groups, k, k]} in the plan, the file and the graph. Layers torchvision's
 * ResNet lacks (a deep stem's second and third convolutions, squeeze-and-excitation units, the
 * batch norm before a pre-activation network's head) have no name here.
 */
public final class TorchvisionLayout {
  private TorchvisionLayout() {}

  /**
   * Every tensor a torchvision state dict holds for the network {@code network} of {@code plan},
   * in the plan's order.
   *
   * @throws IllegalArgumentException if the network has a layer with parameters that torchvision's
   *     ResNet has no counterpart for
   */
  public static List<ParameterBinding> bindings(String network, LayerPlan plan) {
    List<ParameterBinding> bindings = new ArrayList<>();
    for (PlannedLayer layer : plan.layers()) {
      if (layer.parameters().isEmpty()) {
        continue;
      }
      String module = module(network, layer);
      for (ParameterShape parameter : layer.parameters()) {
        String name = module + "." + tensorName(parameter.parameter());
        String key = GraphParameters.key(parameter.parameter());
        if (parameter.parameter() == Parameter.BIAS && layer.op() instanceof LayerOp.Convolution) {
          bindings.add(ParameterBinding.optional(name, parameter.shape(), layer.name(), key));
        } else if (GraphParameters.transposed(layer, parameter.parameter())) {
          bindings.add(
              ParameterBinding.requiredTransposed(name, parameter.shape(), layer.name(), key));
        } else {
          bindings.add(ParameterBinding.required(name, parameter.shape(), layer.name(), key));
        }
      }
      if (layer.op() instanceof LayerOp.BatchNorm) {
        bindings.add(ParameterBinding.ignored(module + ".num_batches_tracked", List.of()));
      }
    }
    return bindings;
  }

  /** torchvision's module name for {@code layer}. */
  private static String module(String network, PlannedLayer layer) {
    LayerRole role = layer.role();
    String block = "layer" + role.stage() + "." + (role.block() - 1) + ".";
    String module = switch (role.part()) {
      case CONVOLUTION -> role.unit() == LayerRole.Unit.STEM ? "conv1" : block + "conv" + role.index();
      case BATCH_NORM -> role.unit() == LayerRole.Unit.STEM ? "bn1" : block + "bn" + role.index();
      case SHORTCUT_CONVOLUTION -> block + "downsample.0";
      case SHORTCUT_BATCH_NORM -> block + "downsample.1";
      case DENSE -> "fc";
      default -> null;
    };
    if (module == null || role.unit() == LayerRole.Unit.STEM && role.index() != 1) {
      throw new IllegalArgumentException(
          network + ": layer " + layer.name() + " has no counterpart in torchvision's ResNet");
    }
    return module;
  }

  /** torchvision's name of a parameter within its module. */
  private static String tensorName(Parameter parameter) {
    return switch (parameter) {
      case WEIGHT, GAMMA -> "weight";
      case BIAS, BETA -> "bias";
      case RUNNING_MEAN -> "running_mean";
      case RUNNING_VAR -> "running_var";
    };
  }
}
