package dev.resdsl.runtime;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.network.ResidualNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small network written the way the processor writes generated classes: odd input size, a pooled
 * stem, a zero-padded stride-2 basic block, a projected stride-2 bottleneck block.
 *
 * <p>Counted by hand: convolutions 108 + 288 + 576 + 32 + 144 + 64 + 128 = 1,340 weights, dense 16
 * x 5 + 5 = 85, batch norm gamma and beta 2 x (4 + 8 + 8 + 4 + 4 + 16 + 16) = 120, so 1,545
 * trainable; multiply-adds 8,748 + 2,592 + 5,184 + 128 + 576 + 256 + 512 + 80 = 18,076.
 */
public final class TinyNet extends ResidualNetwork {
  public static final long TRAINABLE_PARAMETERS = 1_545L;
  public static final long BATCH_NORM_CHANNELS = 60L;
  public static final long MULTIPLY_ADDS = 18_076L;
  public static final Shape INPUT = new Shape(3, 9, 9);
  public static final Shape OUTPUT = new Shape(5, 1, 1);
  public static final String ARCHITECTURE =
      "input 3x9x9; stem 4 k3 s1 MAX; a BASIC 1x8 s2 ZERO_PAD; b BOTTLENECK 1x4 s2 PROJECTION";
  public static final NetworkDescription DESCRIPTION =
      new NetworkDescription(
          "TinyNet",
          INPUT,
          OUTPUT,
          TRAINABLE_PARAMETERS,
          MULTIPLY_ADDS,
          ARCHITECTURE,
          List.of(
              new StageDescription("stem", "stem", new Shape(4, 5, 5)),
              new StageDescription("a", "a_block1", new Shape(8, 3, 3)),
              new StageDescription("b", "b_block1", new Shape(16, 2, 2))));

  public static final LayerPlan PLAN = layerPlan();

  private TinyNet(ComputationGraph graph) {
    super(DESCRIPTION, PLAN, graph);
  }

  public static TinyNet create(long seed) {
    return new TinyNet(instantiate(configuration(seed)));
  }

  public static TinyNet load(Path file) throws IOException {
    return new TinyNet(restore(file, DESCRIPTION));
  }

  private static LayerPlan layerPlan() {
    PlanBuilder plan =
        PlanBuilder.start(INPUT, new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, false));
    plan.stem(4, 3, 1, Pool.MAX).endStage(new Shape(4, 5, 5));
    plan.stage("a").basic(8, 2, BlockShortcut.ZERO_PAD).endStage(new Shape(8, 3, 3));
    plan.stage("b").bottleneck(4, 2, BlockShortcut.PROJECTION).endStage(new Shape(16, 2, 2));
    return plan.head(Pool.AVG, 0.5, 5);
  }

  public static ComputationGraphConfiguration configuration(long seed) {
    return GraphLowering.configuration(PLAN, seed);
  }

  public INDArray features(String stage, INDArray images) {
    return activations(
        DESCRIPTION.stages().stream()
            .filter(s -> s.name().equals(stage))
            .findFirst()
            .orElseThrow()
            .vertex(),
        images);
  }

  /** The same layers under another name and architecture, to test refusing its checkpoints. */
  public static final class Other extends ResidualNetwork {
    public static final NetworkDescription DESCRIPTION =
        new NetworkDescription(
            "OtherNet",
            INPUT,
            OUTPUT,
            TRAINABLE_PARAMETERS,
            MULTIPLY_ADDS,
            ARCHITECTURE + "; other",
            TinyNet.DESCRIPTION.stages());

    private Other(ComputationGraph graph) {
      super(DESCRIPTION, TinyNet.PLAN, graph);
    }

    public static Other load(Path file) throws IOException {
      return new Other(restore(file, DESCRIPTION));
    }
  }
}
