package dev.resdsl.examples.weights;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/**
 * The narrow ResNeXt-style network of {@code tools/make_torchvision_fixture.py}
 * ("tiny_resnext"): torchvision's Bottleneck with {@code groups = 4, width_per_group = 32}, so its
 * 3x3 convolutions are grouped and twice as wide as the planes; torchvision strides the 3x3.
 */
@Network(
    input = @Input(channels = 3, height = 64, width = 64),
    classes = 5,
    expectParameters = 24_541)
@Stem(filters = 8, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(blocks = 1, filters = 4, block = Block.BOTTLENECK, groups = 4, widthPerGroup = 32)
@ResidualStage(blocks = 2, filters = 8, stride = 2, block = Block.BOTTLENECK, groups = 4,
    widthPerGroup = 32)
@ResidualStage(blocks = 1, filters = 16, stride = 2, block = Block.BOTTLENECK, groups = 4,
    widthPerGroup = 32)
@ResidualStage(blocks = 1, filters = 16, stride = 2, block = Block.BOTTLENECK, groups = 4,
    widthPerGroup = 32, expect = "64x2x2")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface TinyTorchResNeXtSpec {}
