package dev.resdsl.runtime;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.model.plan.PlannedStage;
import dev.resdsl.runtime.backend.NativeBackend;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.network.ResidualNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Two of the paper's networks built the way generated code builds them, to check the plan, its
 * lowering and the summary against published parameter counts.
 */
public final class PaperNetworks {
  private PaperNetworks() {}

  /** CIFAR ResNet-20, option A: 269,722 trainable parameters. */
  public static GeneratedNetwork resNet20() {
    Shape input = new Shape(3, 32, 32);
    PlanBuilder plan = PlanBuilder.start(input, LayerConventions.PAPER);
    plan.stem(16, 3, 1, Pool.NONE).endStage(new Shape(16, 32, 32));
    int[] filters = {16, 32, 64};
    for (int stage = 0; stage < 3; stage++) {
      int stride = stage == 0 ? 1 : 2;
      BlockShortcut first = stage == 0 ? BlockShortcut.IDENTITY : BlockShortcut.ZERO_PAD;
      plan.stage("stage" + (stage + 1)).basic(filters[stage], stride, first);
      for (int block = 2; block <= 3; block++) {
        plan.basic(filters[stage], 1, BlockShortcut.IDENTITY);
      }
      plan.endStage(new Shape(filters[stage], 32 >> stage, 32 >> stage));
    }
    return network("ResNet20", 20, plan.head(Pool.AVG, 0, 10));
  }

  /** torchvision's ResNet-50 ("v1.5", stride on the 3x3): 25,557,032 trainable parameters. */
  public static GeneratedNetwork resNet50() {
    Shape input = new Shape(3, 224, 224);
    PlanBuilder plan = PlanBuilder.start(
        input, new LayerConventions(false, 1e-5, 0.9, StridePlacement.MIDDLE, false));
    plan.stem(64, 7, 2, Pool.MAX).endStage(new Shape(64, 56, 56));
    int[] blocks = {3, 4, 6, 3};
    for (int stage = 0; stage < 4; stage++) {
      int filters = 64 << stage;
      plan.stage("conv" + (stage + 2))
          .bottleneck(filters, stage == 0 ? 1 : 2, BlockShortcut.PROJECTION);
      for (int block = 2; block <= blocks[stage]; block++) {
        plan.bottleneck(filters, 1, BlockShortcut.IDENTITY);
      }
      plan.endStage(new Shape(4 * filters, 56 >> stage, 56 >> stage));
    }
    return network("ResNet50", 50, plan.head(Pool.AVG, 0, 1000));
  }

  private static GeneratedNetwork network(String name, long seed, LayerPlan plan) {
    NetworkDescription description = new NetworkDescription(name, plan.input(),
        new Shape(plan.classes(), 1, 1), -1, -1, name,
        plan.stages().stream()
            .map((PlannedStage s) -> new StageDescription(s.name(), s.layer(), s.output()))
            .toList());
    ComputationGraph graph = NativeBackend.withLayerHelpers(() -> {
      ComputationGraph built = new ComputationGraph(GraphLowering.configuration(plan, seed));
      built.init();
      return built;
    });
    return new ResidualNetwork(description, plan, graph) {};
  }
}
