package dev.resdsl.examples.onnx;

import dev.resdsl.model.Cost;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.network.ResidualNetwork;
import java.util.List;

/**
 * A network built straight from a layer plan, as generated classes build theirs, for shapes that
 * no spec here may declare: the examples compile without warnings, and the processor warns of a
 * stride that does not divide a size.
 */
final class PlannedNetwork extends ResidualNetwork {
  PlannedNetwork(String name, LayerPlan plan, long seed) {
    super(description(name, plan), plan, instantiate(GraphLowering.configuration(plan, seed)));
  }

  private static NetworkDescription description(String name, LayerPlan plan) {
    Cost cost = plan.cost();
    return new NetworkDescription(name, plan.input(), plan.output().output(), cost.parameters(),
        cost.multiplyAdds(), name + ", built from its plan by a test", List.of());
  }
}
