package dev.resdsl.model.plan;

import dev.resdsl.model.Cost;
import dev.resdsl.runtime.Shape;
import java.util.List;

/**
 * One layer of a network's plan.
 *
 * @param name its name (see {@link dev.resdsl.model.LayerNames}), unique in the network
 * @param op what it computes
 * @param role where it stands in the network
 * @param inputs the names of the layers it reads ({@code input} for the network's input), in order
 * @param input the shape of one image's (first) input
 * @param output the shape of one image's output
 */
public record PlannedLayer(
    String name, LayerOp op, LayerRole role, List<String> inputs, Shape input, Shape output) {
  /** Copies the inputs. */
  public PlannedLayer {
    inputs = List.copyOf(inputs);
  }

  /** The parameters it holds, in PyTorch's layout. */
  public List<ParameterShape> parameters() {
    return op.parameters(input);
  }

  /** Its trainable parameters and multiply-adds. */
  public Cost cost() {
    return op.cost(input);
  }
}
