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
 * ResNeXt-50 32x4d (Xie et al. 2017, "Aggregated Residual Transformations for Deep Neural
 * Networks") as torchvision builds it: ResNet-50 whose bottlenecks' 3x3 convolutions have 32
 * groups of 4 channels per 64 filters (inner widths 128 to 1024).
 */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 25_028_904)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 3, filters = 64, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 4)
@ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 4)
@ResidualStage(name = "conv4", blocks = 6, filters = 256, stride = 2, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 4)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, block = Block.BOTTLENECK, groups = 32, widthPerGroup = 4, expect = "2048x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface ResNeXt50_32x4dSpec {}
