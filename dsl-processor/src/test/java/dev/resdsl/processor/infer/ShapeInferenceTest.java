package dev.resdsl.processor.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.Cost;
import dev.resdsl.processor.infer.NetworkPlan.BlockPlan;
import dev.resdsl.processor.infer.NetworkPlan.StagePlan;
import dev.resdsl.processor.model.Decls;
import dev.resdsl.runtime.Shape;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Shapes, shortcuts and costs inferred from declarations, without a compiler. */
class ShapeInferenceTest {

  private static NetworkPlan infer(Decls decls) {
    return ShapeInference.infer(decls.build());
  }

  /** Multiply-adds in billions, rounded to 3 decimals as torchvision's tables print GFLOPS. */
  private static String giga(long multiplyAdds) {
    return String.format(Locale.ROOT, "%.3f", multiplyAdds / 1e9);
  }

  private static Shape shape(int c, int h, int w) {
    return new Shape(c, h, w);
  }

  @Test
  void resNet20() {
    NetworkPlan plan = infer(Decls.cifar(3));
    assertEquals(269_722, plan.cost().parameters());
    assertEquals(40_551_040, plan.cost().multiplyAdds());
    assertEquals(shape(16, 32, 32), plan.stem().orElseThrow().output());
    List<StagePlan> stages = plan.stages();
    assertEquals(shape(16, 32, 32), stages.get(0).output());
    assertEquals(shape(32, 16, 16), stages.get(1).output());
    assertEquals(shape(64, 8, 8), stages.get(2).output());
    assertEquals(shape(64, 8, 8), plan.head().input());
    assertEquals(64, plan.head().features());
    // option A: zero padding only where the shape changes
    assertEquals(List.of(BlockShortcut.IDENTITY, BlockShortcut.IDENTITY,
        BlockShortcut.IDENTITY), shortcuts(stages.get(0)));
    assertEquals(List.of(BlockShortcut.ZERO_PAD, BlockShortcut.IDENTITY,
        BlockShortcut.IDENTITY), shortcuts(stages.get(1)));
    assertEquals(List.of(BlockShortcut.ZERO_PAD, BlockShortcut.IDENTITY,
        BlockShortcut.IDENTITY), shortcuts(stages.get(2)));
    BlockPlan first = stages.get(1).blocks().get(0);
    assertEquals("stage2_block1", first.name());
    assertEquals(2, first.stride());
    assertEquals(1, stages.get(1).blocks().get(1).stride());
  }

  @ParameterizedTest(name = "ResNet-{0}")
  @CsvSource({"20, 3, 269722", "32, 5, 464154", "44, 7, 658586", "56, 9, 853018",
      "110, 18, 1727962", "1202, 200, 19421274"})
  void cifarFamilyParameters(int depth, int n, long parameters) {
    assertEquals(parameters, infer(Decls.cifar(n)).cost().parameters(), "ResNet-" + depth);
  }

  @Test
  void torchvisionResNet18() {
    NetworkPlan plan = infer(Decls.torchvision(Block.BASIC, StridePlacement.MIDDLE, 2, 2, 2, 2));
    assertEquals(11_689_512, plan.cost().parameters());
    assertEquals("1.814", giga(plan.cost().multiplyAdds()));
    assertEquals(shape(64, 56, 56), plan.stem().orElseThrow().output());
    assertEquals(shape(64, 112, 112), plan.stem().orElseThrow().convolution());
    assertEquals(shape(512, 7, 7), plan.stages().get(3).output());
  }

  @Test
  void torchvisionResNet34() {
    NetworkPlan plan = infer(Decls.torchvision(Block.BASIC, StridePlacement.MIDDLE, 3, 4, 6, 3));
    assertEquals(21_797_672, plan.cost().parameters());
    assertEquals("3.664", giga(plan.cost().multiplyAdds()));
  }

  @Test
  void torchvisionResNet50() {
    NetworkPlan plan =
        infer(Decls.torchvision(Block.BOTTLENECK, StridePlacement.MIDDLE, 3, 4, 6, 3));
    assertEquals(25_557_032, plan.cost().parameters());
    assertEquals("4.089", giga(plan.cost().multiplyAdds()));
    assertEquals(shape(2048, 7, 7), plan.stages().get(3).output());
    assertEquals(2048, plan.head().features());
    // the first bottleneck widens 64 to 256 channels: a projection even without a stride
    assertEquals(BlockShortcut.PROJECTION, plan.stages().get(0).blocks().get(0).shortcut());
    assertEquals(BlockShortcut.IDENTITY, plan.stages().get(0).blocks().get(1).shortcut());
  }

  @Test
  void torchvisionResNet101And152() {
    NetworkPlan r101 =
        infer(Decls.torchvision(Block.BOTTLENECK, StridePlacement.MIDDLE, 3, 4, 23, 3));
    assertEquals(44_549_160, r101.cost().parameters());
    assertEquals("7.801", giga(r101.cost().multiplyAdds()));
    NetworkPlan r152 =
        infer(Decls.torchvision(Block.BOTTLENECK, StridePlacement.MIDDLE, 3, 8, 36, 3));
    assertEquals(60_192_808, r152.cost().parameters());
    assertEquals("11.514", giga(r152.cost().multiplyAdds()));
  }

  @Test
  void bottleneckStrideFirstAndMiddleHaveTheSameParametersButNotTheSameWork() {
    NetworkPlan first =
        infer(Decls.torchvision(Block.BOTTLENECK, StridePlacement.FIRST, 3, 4, 6, 3));
    NetworkPlan middle =
        infer(Decls.torchvision(Block.BOTTLENECK, StridePlacement.MIDDLE, 3, 4, 6, 3));
    assertEquals(first.cost().parameters(), middle.cost().parameters());
    assertEquals(3_857_973_248L, first.cost().multiplyAdds());
    assertEquals(4_089_184_256L, middle.cost().multiplyAdds());
    // striding the first 1x1 makes the 3x3 run on the smaller map: less work
    assertTrue(first.cost().multiplyAdds() < middle.cost().multiplyAdds());
    for (int i = 0; i < 4; i++) {
      assertEquals(first.stages().get(i).output(), middle.stages().get(i).output());
    }
  }

  @Test
  void oddAndNonSquareSizesRoundUp() {
    assertEquals(shape(8, 4, 5), shape(3, 7, 9).then(8, 2));
    assertEquals(shape(8, 3, 3), shape(3, 7, 9).then(8, 3));
    assertEquals(shape(8, 7, 9), shape(3, 7, 9).then(8, 1));
    assertEquals(shape(8, 1, 1), shape(3, 1, 1).then(8, 2));

    NetworkPlan plan = infer(Decls.network(3, 7, 9, 10)
        .stage(1, 8, 2, Shortcut.PROJECTION, Block.BASIC)
        .stage(1, 8, 2, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(shape(8, 4, 5), plan.stages().get(0).output());
    assertEquals(shape(8, 2, 3), plan.stages().get(1).output());

    NetworkPlan stem = infer(Decls.network(3, 15, 17, 10)
        .stem(8, 7, 2, Pool.MAX)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(shape(8, 8, 9), stem.stem().orElseThrow().convolution());
    assertEquals(shape(8, 4, 5), stem.stem().orElseThrow().output());
  }

  @Test
  void divisibility() {
    assertTrue(shape(3, 8, 6).divisibleBy(2));
    assertTrue(!shape(3, 8, 7).divisibleBy(2));
    assertTrue(!shape(3, 7, 8).divisibleBy(2));
    assertTrue(shape(3, 7, 9).divisibleBy(1));
  }

  @Test
  void bottleneckStrideFirstShrinksTheFirstConvolution() {
    // one block, stride 2, 8 -> 4 per side; FIRST runs the 1x1 on 4x4, MIDDLE on 8x8
    Decls base = Decls.network(16, 8, 8, 10)
        .stage(1, 4, 2, Shortcut.PROJECTION, Block.BOTTLENECK);
    long first = infer(base.bottleneckStride(StridePlacement.FIRST)).stages().get(0).cost()
        .multiplyAdds();
    long middle = infer(base.bottleneckStride(StridePlacement.MIDDLE)).stages().get(0).cost()
        .multiplyAdds();
    // 1x1 16->4, 3x3 4->4, 1x1 4->16, projection 16->16, all on 4x4 except MIDDLE's first 1x1
    long onSmall = 16 * (16 * 4 + 9 * 4 * 4 + 4 * 16 + 16 * 16);
    assertEquals(onSmall, first);
    assertEquals(onSmall + (64 - 16) * 16 * 4, middle);
  }

  @Test
  void shortcutsCostOnlyWhereTheyProject() {
    NetworkPlan optionB = infer(Decls.torchvision(Block.BASIC, StridePlacement.FIRST, 2, 2, 2, 2));
    NetworkPlan optionC = infer(Decls.network(3, 224, 224, 1000)
        .stem(64, 7, 2, Pool.MAX)
        .stage(2, 64, 1, Shortcut.PROJECTION_ALL, Block.BASIC)
        .stage(2, 128, 2, Shortcut.PROJECTION_ALL, Block.BASIC)
        .stage(2, 256, 2, Shortcut.PROJECTION_ALL, Block.BASIC)
        .stage(2, 512, 2, Shortcut.PROJECTION_ALL, Block.BASIC));
    NetworkPlan plain = infer(Decls.network(3, 224, 224, 1000)
        .stem(64, 7, 2, Pool.MAX)
        .stage(2, 64, 1, Shortcut.NONE, Block.BASIC)
        .stage(2, 128, 2, Shortcut.NONE, Block.BASIC)
        .stage(2, 256, 2, Shortcut.NONE, Block.BASIC)
        .stage(2, 512, 2, Shortcut.NONE, Block.BASIC));
    assertEquals(11_689_512, optionB.cost().parameters());
    assertEquals(12_043_816, optionC.cost().parameters());
    assertEquals(11_515_688, plain.cost().parameters());
    for (StagePlan stage : optionC.stages()) {
      assertEquals(List.of(BlockShortcut.PROJECTION, BlockShortcut.PROJECTION),
          shortcuts(stage));
    }
    for (StagePlan stage : plain.stages()) {
      assertEquals(List.of(BlockShortcut.NONE, BlockShortcut.NONE), shortcuts(stage));
    }
    // ZERO_PAD is free: option A ResNet-20 equals the plain 20-layer network in parameters
    NetworkPlan plain20 = infer(Decls.network(3, 32, 32, 10)
        .stem(16, 3, 1, Pool.NONE)
        .stage(3, 16, 1, Shortcut.NONE, Block.BASIC)
        .stage(3, 32, 2, Shortcut.NONE, Block.BASIC)
        .stage(3, 64, 2, Shortcut.NONE, Block.BASIC));
    assertEquals(infer(Decls.cifar(3)).cost(), plain20.cost());
  }

  @Test
  void convolutionBiasesAreCounted() {
    NetworkPlan withoutBias = infer(Decls.cifar(3));
    NetworkPlan withBias =
        infer(Decls.cifar(3).conventions(true, 1e-5, 0.9, StridePlacement.FIRST, false));
    // 1 stem convolution of 16, then 6 convolutions of 16, 6 of 32, 6 of 64 outputs
    long biases = 16 + 6 * 16 + 6 * 32 + 6 * 64;
    assertEquals(withoutBias.cost().parameters() + biases, withBias.cost().parameters());
    assertEquals(withoutBias.cost().multiplyAdds(), withBias.cost().multiplyAdds());
  }

  @Test
  void flattenHeadUsesEveryActivation() {
    NetworkPlan pooled = infer(Decls.cifar(3));
    NetworkPlan flat = infer(Decls.cifar(3).head(Pool.NONE, 0.0));
    assertEquals(64 * 8 * 8, flat.head().features());
    assertEquals(new Cost(64L * 8 * 8 * 10 + 10, 64L * 8 * 8 * 10), flat.head().cost());
    assertEquals(new Cost(64 * 10 + 10, 64 * 10), pooled.head().cost());
    assertEquals(pooled.head().features(), infer(Decls.cifar(3).head(Pool.MAX, 0.5)).head()
        .features());
  }

  @Test
  void networkWithoutStemStartsOnTheInput() {
    NetworkPlan plan = infer(Decls.network(1, 28, 28, 10)
        .stage(2, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertTrue(plan.stem().isEmpty());
    assertEquals(shape(1, 28, 28), plan.stages().get(0).input());
    assertEquals(List.of(BlockShortcut.PROJECTION, BlockShortcut.IDENTITY),
        shortcuts(plan.stages().get(0)));
    // 3x3 1->8 and 3x3 8->8 (+2 BN), projection 1->8 (+BN), second block 2x(3x3 8->8 + BN)
    long params = (9 * 8 + 16) + (9 * 64 + 16) + (8 + 16) + 2 * (9 * 64 + 16) + (8 * 10 + 10);
    assertEquals(params, plan.cost().parameters());
  }

  @Test
  void pathsNameEveryStageUpToTheOneAsked() {
    NetworkPlan plan = infer(Decls.cifar(3));
    assertEquals("input 3x32x32 -> stem 16x32x32", plan.pathToStem());
    assertEquals("input 3x32x32 -> stem 16x32x32 -> stage1 16x32x32 -> stage2 32x16x16",
        plan.pathTo(1));
    assertEquals("input 3x32x32 -> stage1 8x16x16", infer(Decls.network(3, 32, 32, 10)
        .stage(1, 8, 2, Shortcut.PROJECTION, Block.BASIC)).pathTo(0));
  }

  @Test
  void invalidSizesStillInfer() {
    // Validation reports these; inference must not throw, so every error can be reported.
    NetworkPlan plan = infer(Decls.network(0, 0, -3, 0)
        .stem(0, 0, 0, Pool.MAX)
        .stage(0, 0, 0, Shortcut.IDENTITY, Block.BOTTLENECK)
        .stage(2, 8, -1, Shortcut.ZERO_PAD, Block.BASIC));
    assertEquals(1, plan.stages().get(0).blocks().size());
    assertEquals(2, plan.stages().get(1).blocks().size());
    assertEquals(shape(8, 1, 1), plan.stages().get(1).output());
  }

  @ParameterizedTest(name = "{0}, same shape = {1} -> {2}")
  @CsvSource({
      "IDENTITY,       true,  IDENTITY",
      "IDENTITY,       false, IDENTITY",
      "ZERO_PAD,       true,  IDENTITY",
      "ZERO_PAD,       false, ZERO_PAD",
      "PROJECTION,     true,  IDENTITY",
      "PROJECTION,     false, PROJECTION",
      "PROJECTION_ALL, true,  PROJECTION",
      "PROJECTION_ALL, false, PROJECTION",
      "NONE,           true,  NONE",
      "NONE,           false, NONE",
  })
  void shortcutResolution(Shortcut option, boolean same, BlockShortcut expected) {
    Shape in = shape(16, 32, 32);
    Shape out = same ? in : shape(32, 16, 16);
    assertEquals(expected, BlockShortcut.resolve(option, in, out));
  }

  @Test
  void shortcutResolutionTreatsChannelOnlyAndSpatialOnlyChangesAsChanges() {
    Shape in = shape(16, 32, 32);
    assertEquals(BlockShortcut.PROJECTION,
        BlockShortcut.resolve(Shortcut.PROJECTION, in, shape(32, 32, 32)));
    assertEquals(BlockShortcut.PROJECTION,
        BlockShortcut.resolve(Shortcut.PROJECTION, in, shape(16, 16, 16)));
    assertEquals(BlockShortcut.ZERO_PAD,
        BlockShortcut.resolve(Shortcut.ZERO_PAD, in, shape(16, 16, 16)));
    assertNotEquals(BlockShortcut.IDENTITY,
        BlockShortcut.resolve(Shortcut.ZERO_PAD, in, shape(32, 32, 32)));
  }

  private static List<BlockShortcut> shortcuts(StagePlan stage) {
    return stage.blocks().stream().map(BlockPlan::shortcut).toList();
  }

  /** torchvision's ResNeXt-50 32x4d: ResNet-50 with grouped, wider 3x3 convolutions. */
  private static Decls resNeXt50() {
    Decls decls = Decls.network(3, 224, 224, 1000).stem(64, 7, 2, Pool.MAX);
    int[] blocks = {3, 4, 6, 3};
    for (int i = 0; i < 4; i++) {
      decls.stage("conv" + (i + 2), blocks[i], 64 << i, i == 0 ? 1 : 2, Shortcut.PROJECTION,
          Block.BOTTLENECK, "").design(32, 4, 0);
    }
    return decls.bottleneckStride(StridePlacement.MIDDLE);
  }

  @Test
  void resNeXt50CountsAsTorchvision() {
    NetworkPlan plan = infer(resNeXt50());
    assertEquals(25_028_904, plan.cost().parameters());
    assertEquals("4.230", giga(plan.cost().multiplyAdds()));
    assertEquals(shape(2048, 7, 7), plan.stages().get(3).output());
    assertEquals(128, plan.stages().get(0).blocks().get(0).design().innerWidth());
  }

  @Test
  void aPreActivationNetworkCountsNoStemBatchNormAndOneBeforeTheHead() {
    Decls post = Decls.network(3, 32, 32, 10).stem(16, 3, 1, Pool.NONE)
        .stage(2, 16, 1, Shortcut.PROJECTION, Block.BASIC);
    Decls pre = Decls.network(3, 32, 32, 10).stem(16, 3, 1, Pool.NONE)
        .stage(2, 16, 1, Shortcut.PROJECTION, Block.PREACT_BASIC);
    // The same batch norms of 16 channels, moved: stem and block ones before the convolutions,
    // one after the last stage.
    assertEquals(infer(post).cost(), infer(pre).cost());
    assertEquals(Cost.batchNorm(16).plus(Cost.dense(16, 10)), infer(pre).head().cost());
    assertEquals(Cost.dense(16, 10), infer(post).head().cost());
  }

  @Test
  void inferenceGoesOnThroughEveryInvalidDesign() {
    // Groups on a basic block, a bottleneck without inner channels, a ratio that divides
    // nothing, a pre-activation stage without shortcut after a post-activation one, a deep stem
    // of one filter: validation reports them; inference assumes the defaults in their place.
    NetworkPlan plan = infer(Decls.network(3, 16, 16, 10).stem(1, 3, 1, Pool.NONE, true)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC).design(4, 16, 0)
        .stage(1, 1, 2, Shortcut.PROJECTION, Block.BOTTLENECK).design(2, 1, 3)
        .stage(1, 4, 1, Shortcut.NONE, Block.PREACT_BASIC).design(1, 64, -1));
    assertEquals(shape(1, 16, 16), plan.stem().orElseThrow().output());
    assertEquals(List.of(shape(8, 16, 16), shape(4, 8, 8), shape(4, 8, 8)),
        plan.stages().stream().map(StagePlan::output).toList());
    assertEquals(1, plan.stages().get(1).blocks().get(0).design().groups());
    assertEquals(0, plan.stages().get(1).blocks().get(0).design().squeezeExcitation());
  }
}
