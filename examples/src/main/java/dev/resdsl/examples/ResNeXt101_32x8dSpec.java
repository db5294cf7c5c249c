package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/**
 * ResNeXt-101 32x8d (Xie et al. 2017) as torchvision builds it: ResNet-101 whose bottlenecks' 3x3
 * convolutions have 32 groups of 8 channels per 64 filters (inner widths 256 to 2048).
 */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 88_791_336)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 3, filters = 64, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 8)
@ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 8)
@ResidualStage(name = "conv4", blocks = 23, filters = 256, stride = 2, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 8)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 8, expect = "2048x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface ResNeXt101_32x8dSpec {}
