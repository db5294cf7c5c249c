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
 * Wide ResNet-50-2 (Zagoruyko and Komodakis 2016, "Wide Residual Networks") as torchvision builds
 * it: ResNet-50 with bottlenecks twice as wide inside (inner widths 128 to 1024), the same
 * outputs.
 */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 68_883_240)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 3, filters = 64, block = Block.BOTTLENECK, widthPerGroup = 128)
@ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2, block = Block.BOTTLENECK, widthPerGroup = 128)
@ResidualStage(name = "conv4", blocks = 6, filters = 256, stride = 2, block = Block.BOTTLENECK, widthPerGroup = 128)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, block = Block.BOTTLENECK, widthPerGroup = 128, expect = "2048x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface WideResNet50_2Spec {}
