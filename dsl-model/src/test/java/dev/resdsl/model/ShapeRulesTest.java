package dev.resdsl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import dev.resdsl.runtime.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeRulesTest {
  @Test
  void aStrideMapsEachSideToItsCeiling() {
    assertEquals(new Shape(8, 5, 4), new Shape(3, 9, 7).then(8, 2));
    assertEquals(new Shape(8, 3, 3), new Shape(3, 9, 7).then(8, 3));
    assertTrue(new Shape(3, 8, 6).divisibleBy(2));
    assertFalse(new Shape(3, 8, 7).divisibleBy(2));
  }

  @Test
  void theStemPoolHalvesRoundingUp() {
    assertEquals(new Shape(64, 56, 56), StemGeometry.output(new Shape(64, 112, 112), Pool.MAX));
    assertEquals(new Shape(4, 5, 5), StemGeometry.output(new Shape(4, 9, 9), Pool.AVG));
    assertEquals(new Shape(4, 9, 9), StemGeometry.output(new Shape(4, 9, 9), Pool.NONE));
  }

  @Test
  void aBottleneckExpandsFourTimesAndPlacesItsStrideByConvention() {
    assertEquals(256, BlockGeometry.outputChannels(Block.BOTTLENECK, 64));
    assertEquals(64, BlockGeometry.outputChannels(Block.BASIC, 64));
    assertEquals(List.of(new BranchConvolution(1, 64, 1), new BranchConvolution(3, 64, 2),
            new BranchConvolution(1, 256, 1)),
        BlockGeometry.branch(Block.BOTTLENECK, 64, 2, StridePlacement.MIDDLE));
    assertEquals(List.of(new BranchConvolution(1, 64, 2), new BranchConvolution(3, 64, 1),
            new BranchConvolution(1, 256, 1)),
        BlockGeometry.branch(Block.BOTTLENECK, 64, 2, StridePlacement.FIRST));
    assertEquals(List.of(new BranchConvolution(3, 16, 2), new BranchConvolution(3, 16, 1)),
        BlockGeometry.branch(Block.BASIC, 16, 2, StridePlacement.MIDDLE));
  }

  @Test
  void shortcutOptionsResolveToIdentityWhereTheShapeHolds() {
    Shape same = new Shape(16, 8, 8);
    Shape changed = new Shape(32, 4, 4);
    assertEquals(BlockShortcut.IDENTITY, BlockShortcut.resolve(Shortcut.ZERO_PAD, same, same));
    assertEquals(BlockShortcut.ZERO_PAD, BlockShortcut.resolve(Shortcut.ZERO_PAD, same, changed));
    assertEquals(BlockShortcut.IDENTITY, BlockShortcut.resolve(Shortcut.PROJECTION, same, same));
    assertEquals(BlockShortcut.PROJECTION,
        BlockShortcut.resolve(Shortcut.PROJECTION_ALL, same, same));
    assertEquals(BlockShortcut.NONE, BlockShortcut.resolve(Shortcut.NONE, same, changed));
    assertEquals(BlockShortcut.IDENTITY, BlockShortcut.resolve(Shortcut.IDENTITY, same, changed),
        "kept as declared, for the processor to report");
  }

  @Test
  void costsCountWeightsBiasesAndBatchNormScaleAndShift() {
    assertEquals(new Cost(432, 432 * 1024), Cost.convolution(3, 3, new Shape(16, 32, 32), false));
    assertEquals(new Cost(448, 432 * 1024), Cost.convolution(3, 3, new Shape(16, 32, 32), true));
    assertEquals(new Cost(32, 0), Cost.batchNorm(16));
    assertEquals(new Cost(650, 640), Cost.dense(64, 10));
    assertEquals(new Cost(6, 8), new Cost(1, 2).plus(new Cost(5, 6)));
    assertEquals(new Cost(3, 6), new Cost(1, 2).times(3));
  }
}
