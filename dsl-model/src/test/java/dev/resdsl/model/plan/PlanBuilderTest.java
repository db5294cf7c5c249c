package dev.resdsl.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.plan.LayerRole.Part;
import dev.resdsl.runtime.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanBuilderTest {
  private static final LayerConventions PAPER = LayerConventions.PAPER;

  /** The paper's CIFAR ResNet-20, option A. */
  static LayerPlan resNet20() {
    PlanBuilder plan = PlanBuilder.start(new Shape(3, 32, 32), PAPER);
    plan.stem(16, 3, 1, Pool.NONE).endStage(new Shape(16, 32, 32));
    for (int stage = 0; stage < 3; stage++) {
      int filters = 16 << stage;
      plan.stage("stage" + (stage + 1))
          .basic(filters, stage == 0 ? 1 : 2,
              stage == 0 ? BlockShortcut.IDENTITY : BlockShortcut.ZERO_PAD)
          .basic(filters, 1, BlockShortcut.IDENTITY)
          .basic(filters, 1, BlockShortcut.IDENTITY)
          .endStage(new Shape(filters, 32 >> stage, 32 >> stage));
    }
    return plan.head(Pool.AVG, 0, 10);
  }

  /** torchvision's ResNet-50, stride on the 3x3. */
  static LayerPlan resNet50() {
    PlanBuilder plan = PlanBuilder.start(
        new Shape(3, 224, 224), new LayerConventions(false, 1e-5, 0.9, StridePlacement.MIDDLE,
            false));
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
    return plan.head(Pool.AVG, 0, 1000);
  }

  @Test
  void resNet20HasThePapersParameterCount() {
    assertEquals(269_722, resNet20().cost().parameters(), "the paper's Table 6, option A");
  }

  @Test
  void resNet50HasTorchvisionsParametersAndMultiplyAdds() {
    LayerPlan plan = resNet50();
    assertEquals(25_557_032, plan.cost().parameters());
    // torchvision publishes 4.09 GFLOPS (multiply-adds) for ResNet-50.
    assertEquals(4.09e9, plan.cost().multiplyAdds(), 0.005e9);
  }

  @Test
  void namesEveryLayerOfABlockAsCheckpointsKnowThem() {
    LayerPlan plan = resNet20();
    List<String> names = plan.layers().stream().map(PlannedLayer::name).toList();
    assertEquals(List.of("stem_conv", "stem_bn", "stem"), names.subList(0, 3));
    int first = names.indexOf("stage2_block1_conv1");
    assertEquals(List.of("stage2_block1_conv1", "stage2_block1_bn1", "stage2_block1_relu1",
        "stage2_block1_conv2", "stage2_block1_bn2", "stage2_block1_shortcut",
        "stage2_block1_add", "stage2_block1"), names.subList(first, first + 8));
    assertEquals(List.of("stage3_block3", "head_pool", "output"),
        names.subList(names.size() - 3, names.size()));
  }

  @Test
  void recordsEachStagesLastLayerAndShape() {
    assertEquals(List.of(
        new PlannedStage("stem", "stem", new Shape(16, 32, 32)),
        new PlannedStage("stage1", "stage1_block3", new Shape(16, 32, 32)),
        new PlannedStage("stage2", "stage2_block3", new Shape(32, 16, 16)),
        new PlannedStage("stage3", "stage3_block3", new Shape(64, 8, 8))), resNet20().stages());
  }

  @Test
  void rolesLocateLayersByStageBlockAndPart() {
    LayerPlan plan = resNet50();
    assertEquals(LayerRole.stem(Part.CONVOLUTION, 1), plan.layer("stem_conv").role());
    assertEquals(LayerRole.stem(Part.POOL, 0), plan.layer("stem").role());
    assertEquals(LayerRole.block(2, 1, Part.SHORTCUT_CONVOLUTION, 0),
        plan.layer("conv3_block1_shortcut_conv").role());
    assertEquals(LayerRole.block(4, 3, Part.BATCH_NORM, 3), plan.layer("conv5_block3_bn3").role());
    assertEquals(LayerRole.head(Part.DENSE), plan.output().role());
  }

  @Test
  void bottleneckStrideGoesWhereTheConventionSays() {
    LayerPlan middle = resNet50();
    assertEquals(1, ((LayerOp.Convolution) middle.layer("conv3_block1_conv1").op()).stride());
    assertEquals(2, ((LayerOp.Convolution) middle.layer("conv3_block1_conv2").op()).stride());
    PlanBuilder first = PlanBuilder.start(new Shape(8, 8, 8), PAPER);
    LayerPlan paper = first.stage("s").bottleneck(4, 2, BlockShortcut.PROJECTION)
        .endStage(new Shape(16, 4, 4)).head(Pool.AVG, 0, 2);
    assertEquals(2, ((LayerOp.Convolution) paper.layer("s_block1_conv1").op()).stride());
    assertEquals(1, ((LayerOp.Convolution) paper.layer("s_block1_conv2").op()).stride());
  }

  @Test
  void parameterShapesAreInPyTorchsLayout() {
    LayerPlan plan = resNet20();
    assertEquals(List.of(new ParameterShape(Parameter.WEIGHT, List.of(16L, 3L, 3L, 3L))),
        plan.layer("stem_conv").parameters());
    assertEquals(List.of(new ParameterShape(Parameter.WEIGHT, List.of(10L, 64L)),
        new ParameterShape(Parameter.BIAS, List.of(10L))), plan.output().parameters());
    assertEquals(List.of(Parameter.GAMMA, Parameter.BETA, Parameter.RUNNING_MEAN,
        Parameter.RUNNING_VAR), plan.layer("stem_bn").parameters().stream()
            .map(ParameterShape::parameter).toList());
  }

  @Test
  void aStageOfAnotherShapeThanTheCompilerInferredIsRefused() {
    PlanBuilder plan = PlanBuilder.start(new Shape(3, 9, 9), PAPER);
    plan.stem(4, 3, 1, Pool.MAX).endStage(new Shape(4, 5, 5));
    plan.stage("s1").basic(8, 2, BlockShortcut.PROJECTION);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> plan.endStage(new Shape(8, 4, 4)));
    assertEquals("stage s1: the compiler inferred 8x4x4 but the plan makes 8x3x3",
        e.getMessage());
  }

  @Test
  void anIdentityShortcutAcrossAShapeChangeIsRefused() {
    PlanBuilder plan = PlanBuilder.start(new Shape(4, 8, 8), PAPER).stage("s");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.basic(8, 2, BlockShortcut.IDENTITY));
    assertEquals("s_block1: an identity shortcut cannot join 4x8x8 to 8x4x4", e.getMessage());
  }

  @Test
  void blocksBelongToAnOpenStageAndTheStemComesFirst() {
    assertThrows(IllegalStateException.class,
        () -> PlanBuilder.start(new Shape(3, 8, 8), PAPER).basic(4, 1, BlockShortcut.PROJECTION));
    PlanBuilder late = PlanBuilder.start(new Shape(3, 8, 8), PAPER);
    late.stage("s").basic(4, 1, BlockShortcut.PROJECTION).endStage(new Shape(4, 8, 8));
    assertThrows(IllegalStateException.class, () -> late.stem(4, 3, 1, Pool.NONE));
  }

  @Test
  void theHeadRefusesDropoutOfOneAndClosesThePlan() {
    assertThrows(IllegalArgumentException.class,
        () -> PlanBuilder.start(new Shape(3, 8, 8), PAPER).head(Pool.AVG, 1.0, 2));
    PlanBuilder plan = PlanBuilder.start(new Shape(3, 8, 8), PAPER);
    plan.head(Pool.AVG, 0.5, 2);
    assertThrows(IllegalStateException.class, () -> plan.stage("late"));
  }

  @Test
  void aPlanRefusesALayerThatReadsOneAfterIt() {
    PlannedLayer dense = new PlannedLayer("output", new LayerOp.DenseSoftmax(2),
        LayerRole.head(Part.DENSE), List.of("later"), new Shape(3, 1, 1), new Shape(2, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> new LayerPlan(new Shape(3, 1, 1), List.of(dense), List.of()));
  }
}
