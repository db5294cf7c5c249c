package dev.resdsl.processor.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.processor.infer.ShapeInference;
import dev.resdsl.processor.model.Decls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer table of the generated Javadoc, in the layout of the paper's Table 1. */
class LayerTableTest {

  private static String table(Decls decls) {
    return LayerTable.of(ShapeInference.infer(decls.build()));
  }

  @Test
  void torchvisionResNet50StridesOnThe3x3() {
    assertEquals("""
        layer  output      ResNet50
        input  3x224x224
        conv1  64x112x112  7x7, 64, stride 2
        pool   64x56x56    3x3 max pool, stride 2
        conv2  256x56x56   [1x1, 64; 3x3, 64; 1x1, 256] x 3, shortcut PROJECTION
        conv3  512x28x28   [1x1, 128; 3x3, 128; 1x1, 512] x 4, stride 2 on the 3x3 (torchvision v1.5), shortcut PROJECTION
        conv4  1024x14x14  [1x1, 256; 3x3, 256; 1x1, 1024] x 6, stride 2 on the 3x3 (torchvision v1.5), shortcut PROJECTION
        conv5  2048x7x7    [1x1, 512; 3x3, 512; 1x1, 2048] x 3, stride 2 on the 3x3 (torchvision v1.5), shortcut PROJECTION
        head   1000        global average pool, 1000-d fc, softmax
        """, table(Decls.torchvision(Block.BOTTLENECK, StridePlacement.MIDDLE, 3, 4, 6, 3)
            .named("ResNet50")));
  }

  @Test
  void thePapersBottleneckStridesOnTheFirst1x1() {
    String table = table(Decls.torchvision(Block.BOTTLENECK, StridePlacement.FIRST, 3, 4, 6, 3)
        .named("ResNet50"));
    assertEquals("conv3  512x28x28   [1x1, 128; 3x3, 128; 1x1, 512] x 4, stride 2 on the first 1x1"
        + " (the paper), shortcut PROJECTION", table.lines().toList().get(5));
  }

  @Test
  void basicBlocksWithoutAPoolOrStemStride() {
    assertEquals("""
        layer   output    ResNet20
        input   3x32x32
        conv1   16x32x32  3x3, 16
        stage1  16x32x32  [3x3, 16; 3x3, 16] x 3, shortcut ZERO_PAD
        stage2  32x16x16  [3x3, 32; 3x3, 32] x 3, stride 2, shortcut ZERO_PAD
        stage3  64x8x8    [3x3, 64; 3x3, 64] x 3, stride 2, shortcut ZERO_PAD
        head    10        global average pool, 10-d fc, softmax
        """, table(Decls.cifar(3)));
  }

  @Test
  void noStemAndAFlatteningHeadWithDropout() {
    assertEquals("""
        layer              output   Net
        input              1x28x28
        a_long_stage_name  8x28x28  [3x3, 8; 3x3, 8] x 1, shortcut NONE
        head               10       flatten, dropout 0.5, 10-d fc, softmax
        """, table(Decls.network(1, 28, 28, 10)
            .stage("a_long_stage_name", 1, 8, 1, Shortcut.NONE, Block.BASIC, "")
            .head(Pool.NONE, 0.5)));
  }

  @Test
  void anAveragePoolInTheStem() {
    assertEquals("pool    8x16x16  3x3 average pool, stride 2", table(Decls.network(3, 64, 64, 10)
        .stem(8, 7, 2, Pool.AVG)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC)).lines().toList().get(3));
  }

  @Test
  void aResNeXtBottleneckShowsItsGroupsAndInnerWidth() {
    Decls resNeXt = Decls.network(3, 224, 224, 1000).named("ResNeXt")
        .stem(64, 7, 2, Pool.MAX)
        .stage("conv2", 3, 64, 1, Shortcut.PROJECTION, Block.BOTTLENECK, "").design(32, 4, 0)
        .stage("conv3", 4, 128, 2, Shortcut.PROJECTION, Block.BOTTLENECK, "").design(1, 128, 16)
        .bottleneckStride(StridePlacement.MIDDLE);
    List<String> lines = table(resNeXt).lines().toList();
    assertEquals("conv2  256x56x56   [1x1, 128; 3x3, 128, C=32; 1x1, 256] x 3, shortcut PROJECTION",
        lines.get(4));
    assertEquals("conv3  512x28x28   [1x1, 256; 3x3, 256; 1x1, 512] x 4, squeeze-and-excitation"
        + " 1/16, stride 2 on the 3x3 (torchvision v1.5), shortcut PROJECTION", lines.get(5));
  }

  @Test
  void aPreActivationNetworkWithADeepStem() {
    assertEquals("""
        layer   output    Net
        input   3x32x32
        conv1   16x32x32  3x3, 8; 3x3, 8; 3x3, 16 (no batch norm and ReLU: the first block applies them)
        stage1  16x32x32  pre-activation [3x3, 16; 3x3, 16] x 2, shortcut AVG_PROJECTION
        head    10        batch norm, ReLU, global average pool, 10-d fc, softmax
        """, table(Decls.network(3, 32, 32, 10)
            .stem(16, 3, 1, Pool.NONE, true)
            .stage(2, 16, 1, Shortcut.AVG_PROJECTION, Block.PREACT_BASIC)));
  }
}
