package dev.resdsl.model.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.plan.LayerRole.Part;
import dev.resdsl.runtime.Shape;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The next wave's networks built with {@link PlanBuilder}: ResNeXt, wide, ResNet-D,
 * squeeze-and-excitation and pre-activation ResNets, against the parameter counts and
 * multiply-adds that torchvision and timm publish, and their layers' names, roles and wiring.
 */
class ResNetVariantsPlanTest {
  private static final LayerConventions TORCHVISION =
      new LayerConventions(false, 1e-5, 0.9, StridePlacement.MIDDLE, false);

  /**
   * A torchvision-style ImageNet network of bottlenecks of {@code design} (filters 64 x 2^i),
   * with {@code blocks} per stage, shortcut {@code shortcut} and the stem {@code stem}.
   */
  static LayerPlan imageNet(StemDesign stem, int[] blocks, BlockShortcut shortcut,
      UnaryOperator<BlockDesign> design) {
    PlanBuilder plan = PlanBuilder.start(new Shape(3, 224, 224), TORCHVISION);
    plan.stem(stem).endStage(new Shape(64, 56, 56));
    for (int stage = 0; stage < 4; stage++) {
      int filters = 64 << stage;
      BlockDesign d = design.apply(BlockDesign.of(Block.BOTTLENECK, filters));
      plan.stage("conv" + (stage + 2)).block(d, stage == 0 ? 1 : 2, shortcut);
      for (int block = 2; block <= blocks[stage]; block++) {
        plan.block(d, 1, BlockShortcut.IDENTITY);
      }
      plan.endStage(new Shape(4 * filters, 56 >> stage, 56 >> stage));
    }
    return plan.head(Pool.AVG, 0, 1000);
  }

  static final StemDesign TORCHVISION_STEM = new StemDesign(64, 7, 2, Pool.MAX, false);
  static final int[] FIFTY = {3, 4, 6, 3};
  static final int[] HUNDRED_ONE = {3, 4, 23, 3};

  /** The pre-activation CIFAR ResNet of {@code n} blocks a stage, option B. */
  static LayerPlan preActCifar(Block kind, int n) {
    PlanBuilder plan = PlanBuilder.startPreActivation(new Shape(3, 32, 32), LayerConventions.PAPER);
    plan.stem(16, 3, 1, Pool.NONE).endStage(new Shape(16, 32, 32));
    int in = 16;
    for (int stage = 0; stage < 3; stage++) {
      BlockDesign d = BlockDesign.of(kind, 16 << stage);
      Shape out = new Shape(d.outputChannels(), 32 >> stage, 32 >> stage);
      plan.stage("stage" + (stage + 1)).block(d, stage == 0 ? 1 : 2,
          in == out.channels() && stage == 0 ? BlockShortcut.IDENTITY : BlockShortcut.PROJECTION);
      for (int block = 2; block <= n; block++) {
        plan.block(d, 1, BlockShortcut.IDENTITY);
      }
      plan.endStage(out);
      in = out.channels();
    }
    return plan.head(Pool.AVG, 0, 10);
  }

  @Test
  void resNeXt50HasTorchvisionsParametersAndMultiplyAdds() {
    LayerPlan plan = imageNet(TORCHVISION_STEM, FIFTY, BlockShortcut.PROJECTION,
        d -> d.withGroups(32, 4));
    assertEquals(25_028_904, plan.cost().parameters());
    // torchvision publishes 4.23 GFLOPS (multiply-adds) for resnext50_32x4d.
    assertEquals(4.23e9, plan.cost().multiplyAdds(), 0.005e9);
  }

  @Test
  void resNeXt101AndTheWideResNetsHaveTorchvisionsParameters() {
    assertEquals(88_791_336, imageNet(TORCHVISION_STEM, HUNDRED_ONE, BlockShortcut.PROJECTION,
        d -> d.withGroups(32, 8)).cost().parameters());
    LayerPlan wide50 = imageNet(TORCHVISION_STEM, FIFTY, BlockShortcut.PROJECTION,
        d -> d.withGroups(1, 128));
    assertEquals(68_883_240, wide50.cost().parameters());
    // torchvision publishes 11.40 GFLOPS for wide_resnet50_2.
    assertEquals(11.40e9, wide50.cost().multiplyAdds(), 0.005e9);
    assertEquals(126_886_696, imageNet(TORCHVISION_STEM, HUNDRED_ONE, BlockShortcut.PROJECTION,
        d -> d.withGroups(1, 128)).cost().parameters());
  }

  @Test
  void resNet50DAndSeResNet50HaveTimmsParameters() {
    assertEquals(25_576_264, imageNet(new StemDesign(64, 3, 2, Pool.MAX, true), FIFTY,
        BlockShortcut.AVG_PROJECTION, d -> d).cost().parameters());
    assertEquals(28_088_024, imageNet(TORCHVISION_STEM, FIFTY, BlockShortcut.PROJECTION,
        d -> d.withSqueezeExcitation(16)).cost().parameters());
  }

  @Test
  void preActivationCifarResNetsHaveThePapersParameters() {
    assertEquals(1_730_522, preActCifar(Block.PREACT_BASIC, 18).cost().parameters());
    assertEquals(1_703_258, preActCifar(Block.PREACT_BOTTLENECK, 18).cost().parameters());
  }

  @Test
  void aGroupedConvolutionHoldsItsGroupsShareOfTheInputs() {
    LayerPlan plan = imageNet(TORCHVISION_STEM, FIFTY, BlockShortcut.PROJECTION,
        d -> d.withGroups(32, 4));
    PlannedLayer conv = plan.layer("conv2_block1_conv2");
    assertEquals(new LayerOp.Convolution(128, 3, 1, false, 32), conv.op());
    assertEquals(List.of(new ParameterShape(Parameter.WEIGHT, List.of(128L, 4L, 3L, 3L))),
        conv.parameters());
    assertEquals(128L * 4 * 9 * 56 * 56, conv.cost().multiplyAdds());
    assertEquals(new Shape(128, 56, 56), plan.layer("conv2_block1_conv1").output());
  }

  @Test
  void aSqueezeExcitationUnitScalesTheBranchBeforeTheAddition() {
    LayerPlan plan = imageNet(TORCHVISION_STEM, FIFTY, BlockShortcut.PROJECTION,
        d -> d.withSqueezeExcitation(16));
    List<String> names = plan.layers().stream().map(PlannedLayer::name).toList();
    int bn3 = names.indexOf("conv3_block2_bn3");
    assertEquals(List.of("conv3_block2_bn3", "conv3_block2_se_pool", "conv3_block2_se_reduce",
        "conv3_block2_se_relu", "conv3_block2_se_expand", "conv3_block2_se_gate",
        "conv3_block2_se_scale", "conv3_block2_add", "conv3_block2"),
        names.subList(bn3, bn3 + 9));
    assertEquals(new LayerOp.Convolution(32, 1, 1, true), plan.layer("conv3_block2_se_reduce").op());
    assertEquals(new Shape(32, 1, 1), plan.layer("conv3_block2_se_reduce").output());
    PlannedLayer scale = plan.layer("conv3_block2_se_scale");
    assertEquals(List.of("conv3_block2_bn3", "conv3_block2_se_gate"), scale.inputs());
    assertEquals(new Shape(512, 28, 28), scale.output());
    assertEquals(List.of("conv3_block2_se_scale", "conv3_block1"),
        plan.layer("conv3_block2_add").inputs());
    assertEquals(LayerRole.block(2, 2, Part.SE_EXPAND, 0),
        plan.layer("conv3_block2_se_expand").role());
  }

  @Test
  void anAveragingShortcutPoolsOnlyWhereTheBlockStrides() {
    LayerPlan plan = imageNet(new StemDesign(64, 3, 2, Pool.MAX, true), FIFTY,
        BlockShortcut.AVG_PROJECTION, d -> d);
    assertEquals(List.of("stem"), plan.layer("conv2_block1_shortcut_conv").inputs());
    assertEquals(List.of("conv3_block1_shortcut_pool"),
        plan.layer("conv3_block1_shortcut_conv").inputs());
    assertEquals(new LayerOp.CeilAveragePooling(2, 2), plan.layer("conv3_block1_shortcut_pool").op());
    assertEquals(new LayerOp.Convolution(512, 1, 1, false),
        plan.layer("conv3_block1_shortcut_conv").op());
    assertEquals(LayerRole.block(2, 1, Part.SHORTCUT_BATCH_NORM, 0),
        plan.layer("conv3_block1_shortcut_bn").role());
  }

  @Test
  void aCeilModePoolKeepsTheLastPartialWindowButNoneThatStartsOutside() {
    Shape seven = new Shape(8, 7, 6);
    assertEquals(new Shape(8, 4, 3), new LayerOp.CeilAveragePooling(2, 2).output(seven));
    assertEquals(new Shape(8, 3, 2), new LayerOp.CeilAveragePooling(2, 3).output(seven));
    assertEquals(new Shape(8, 1, 1),
        new LayerOp.CeilAveragePooling(2, 2).output(new Shape(8, 1, 1)));
  }

  @Test
  void aDeepStemNumbersItsThreeConvolutionsAndStridesTheFirst() {
    LayerPlan plan = imageNet(new StemDesign(64, 3, 2, Pool.MAX, true), FIFTY,
        BlockShortcut.AVG_PROJECTION, d -> d);
    List<String> names = plan.layers().stream().map(PlannedLayer::name).toList();
    assertEquals(List.of("stem_conv1", "stem_bn1", "stem_relu1", "stem_conv2", "stem_bn2",
        "stem_relu2", "stem_conv3", "stem_bn3", "stem_relu3", "stem"), names.subList(0, 10));
    assertEquals(new LayerOp.Convolution(32, 3, 2, false), plan.layer("stem_conv1").op());
    assertEquals(new LayerOp.Convolution(32, 3, 1, false), plan.layer("stem_conv2").op());
    assertEquals(new LayerOp.Convolution(64, 3, 1, false), plan.layer("stem_conv3").op());
    assertEquals(LayerRole.stem(Part.RELU, 3), plan.layer("stem_relu3").role());
  }

  @Test
  void aPreActivationBlockNormalisesBeforeEachConvolutionAndEndsInItsSum() {
    LayerPlan plan = preActCifar(Block.PREACT_BASIC, 2);
    List<String> names = plan.layers().stream().map(PlannedLayer::name).toList();
    assertEquals(List.of("stem", "stage1_block1_bn1"), names.subList(0, 2));
    int first = names.indexOf("stage2_block1_bn1");
    assertEquals(List.of("stage2_block1_bn1", "stage2_block1_relu1", "stage2_block1_conv1",
        "stage2_block1_bn2", "stage2_block1_relu2", "stage2_block1_conv2",
        "stage2_block1_shortcut_conv", "stage2_block1"), names.subList(first, first + 8));
    // The projection reads the pre-activated input, and has no batch norm of its own.
    assertEquals(List.of("stage2_block1_relu1"),
        plan.layer("stage2_block1_shortcut_conv").inputs());
    assertEquals(new LayerOp.Add(), plan.layer("stage2_block1").op());
    assertEquals(List.of("stage2_block1_conv2", "stage2_block1_shortcut_conv"),
        plan.layer("stage2_block1").inputs());
    // An identity shortcut carries the raw input.
    assertEquals(List.of("stage2_block2_conv2", "stage2_block1"),
        plan.layer("stage2_block2").inputs());
    assertEquals(List.of("stage3_block2", "head_bn", "head_relu", "head_pool", "output"),
        names.subList(names.size() - 5, names.size()));
    assertEquals(LayerRole.head(Part.BATCH_NORM), plan.layer("head_bn").role());
  }

  @Test
  void aPreActivationStemWithAPoolEndsInThePool() {
    PlanBuilder plan = PlanBuilder.startPreActivation(new Shape(3, 16, 16), LayerConventions.PAPER);
    plan.stem(8, 3, 1, Pool.MAX).endStage(new Shape(8, 8, 8));
    LayerPlan built = plan.stage("s").block(BlockDesign.of(Block.PREACT_BASIC, 8), 1,
        BlockShortcut.IDENTITY).endStage(new Shape(8, 8, 8)).head(Pool.AVG, 0, 2);
    assertEquals(List.of("stem_conv", "stem"),
        built.layers().subList(0, 2).stream().map(PlannedLayer::name).toList());
  }

  @Test
  void preActivationAndPostActivationBlocksDoNotMix() {
    PlanBuilder post = PlanBuilder.start(new Shape(3, 8, 8), LayerConventions.PAPER).stage("s");
    assertThrows(IllegalArgumentException.class, () -> post.block(
        BlockDesign.of(Block.PREACT_BASIC, 3), 1, BlockShortcut.IDENTITY));
    PlanBuilder pre =
        PlanBuilder.startPreActivation(new Shape(3, 8, 8), LayerConventions.PAPER).stage("s");
    assertThrows(IllegalArgumentException.class, () -> pre.basic(3, 1, BlockShortcut.IDENTITY));
    IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
        () -> pre.block(BlockDesign.of(Block.PREACT_BASIC, 3), 1, BlockShortcut.NONE));
    assertTrue(plain.getMessage().contains("needs a shortcut"), plain.getMessage());
  }

  @Test
  void aBlockDesignRefusesWhatMakesNoBlock() {
    assertThrows(IllegalArgumentException.class,
        () -> BlockDesign.of(Block.BASIC, 64).withGroups(32, 4));
    assertThrows(IllegalArgumentException.class,
        () -> BlockDesign.of(Block.BOTTLENECK, 1).withGroups(1, 4));
    assertThrows(IllegalArgumentException.class,
        () -> BlockDesign.of(Block.BASIC, 24).withSqueezeExcitation(16));
    assertThrows(IllegalArgumentException.class,
        () -> BlockDesign.of(Block.BASIC, 8).withSqueezeExcitation(16));
    assertEquals(256, BlockDesign.of(Block.BOTTLENECK, 64).withGroups(32, 8).innerWidth());
    assertEquals(128, BlockDesign.of(Block.PREACT_BOTTLENECK, 64).withGroups(1, 128).innerWidth());
  }
}
