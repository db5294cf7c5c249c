package dev.resdsl.runtime;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.runtime.graph.BlockShortcut;
import dev.resdsl.runtime.graph.LayerConventions;
import dev.resdsl.runtime.graph.ResidualGraphBuilder;
import java.util.List;

/**
 * Two of the paper's networks built the way generated code builds them, to check the builder and
 * the summary against published parameter counts.
 */
public final class PaperNetworks {
  private PaperNetworks() {}

  /** CIFAR ResNet-20, option A: 269,722 trainable parameters. */
  public static GeneratedNetwork resNet20() {
    Shape input = new Shape(3, 32, 32);
    ResidualGraphBuilder graph = ResidualGraphBuilder.start(20, input, LayerConventions.PAPER);
    graph.stem(16, 3, 1, Pool.NONE).endStage("stem", new Shape(16, 32, 32));
    int[] filters = {16, 32, 64};
    for (int stage = 0; stage < 3; stage++) {
      int stride = stage == 0 ? 1 : 2;
      String name = "stage" + (stage + 1);
      BlockShortcut first = stage == 0 ? BlockShortcut.IDENTITY : BlockShortcut.ZERO_PAD;
      graph.basic(name + "_block1", filters[stage], stride, first);
      for (int block = 2; block <= 3; block++) {
        graph.basic(name + "_block" + block, filters[stage], 1, BlockShortcut.IDENTITY);
      }
      graph.endStage(name, new Shape(filters[stage], 32 >> stage, 32 >> stage));
    }
    return network("ResNet20", input, 10, graph, graph.head(Pool.AVG, 0, 10));
  }

  /** torchvision's ResNet-50 ("v1.5", stride on the 3x3): 25,557,032 trainable parameters. */
  public static GeneratedNetwork resNet50() {
    Shape input = new Shape(3, 224, 224);
    ResidualGraphBuilder graph =
        ResidualGraphBuilder.start(
            50, input, new LayerConventions(false, 1e-5, 0.9, StridePlacement.MIDDLE, false));
    graph.stem(64, 7, 2, Pool.MAX).endStage("stem", new Shape(64, 56, 56));
    int[] blocks = {3, 4, 6, 3};
    for (int stage = 0; stage < 4; stage++) {
      int filters = 64 << stage;
      String name = "conv" + (stage + 2);
      graph.bottleneck(name + "_block1", filters, stage == 0 ? 1 : 2, BlockShortcut.PROJECTION);
      for (int block = 2; block <= blocks[stage]; block++) {
        graph.bottleneck(name + "_block" + block, filters, 1, BlockShortcut.IDENTITY);
      }
      graph.endStage(name, new Shape(4 * filters, 56 >> stage, 56 >> stage));
    }
    return network("ResNet50", input, 1000, graph, graph.head(Pool.AVG, 0, 1000));
  }

  private static GeneratedNetwork network(
      String name,
      Shape input,
      int classes,
      ResidualGraphBuilder graph,
      org.deeplearning4j.nn.conf.ComputationGraphConfiguration configuration) {
    List<StageDescription> stages = graph.stages();
    NetworkDescription description =
        new NetworkDescription(name, input, new Shape(classes, 1, 1), -1, -1, name, stages);
    return new ResidualNetwork(description, ResidualNetwork.instantiate(configuration)) {};
  }
}
