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
 * The narrow bottleneck ResNet of {@code tools/make_torchvision_fixture.py} ("tiny_bottleneck"):
 * torchvision's Bottleneck strides its 3x3 convolution, hence {@code StridePlacement.MIDDLE}.
 */
@Network(
    input = @Input(channels = 3, height = 64, width = 64),
    classes = 5,
    expectParameters = 19_757)
@Stem(filters = 8, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(blocks = 1, filters = 4, block = Block.BOTTLENECK)
@ResidualStage(blocks = 2, filters = 8, stride = 2, block = Block.BOTTLENECK)
@ResidualStage(blocks = 1, filters = 16, stride = 2, block = Block.BOTTLENECK)
@ResidualStage(blocks = 1, filters = 16, stride = 2, block = Block.BOTTLENECK, expect = "64x2x2")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface TinyTorchBottleneckSpec {}
