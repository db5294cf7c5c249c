package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/** ResNet-152 (the paper's Table 1) as torchvision builds it: option B, stride on the 3x3 (v1.5). */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 60_192_808)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 3, filters = 64, block = Block.BOTTLENECK)
@ResidualStage(name = "conv3", blocks = 8, filters = 128, stride = 2, block = Block.BOTTLENECK)
@ResidualStage(name = "conv4", blocks = 36, filters = 256, stride = 2, block = Block.BOTTLENECK)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, block = Block.BOTTLENECK, expect = "2048x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface ResNet152Spec {}
