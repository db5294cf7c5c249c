package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/**
 * ResNet-50-D (He et al. 2019, "Bag of Tricks for Image Classification with Convolutional Neural
 * Networks") as timm's {@code resnet50d} builds it: the deep stem of three 3x3 convolutions (32,
 * 32 and 64 filters) and shortcuts that average-pool before their 1x1 projection.
 */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 25_576_264)
@Stem(filters = 64, kernel = 3, stride = 2, pool = Pool.MAX, deep = true)
@ResidualStage(name = "conv2", blocks = 3, filters = 64, block = Block.BOTTLENECK, shortcut = Shortcut.AVG_PROJECTION)
@ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2, block = Block.BOTTLENECK, shortcut = Shortcut.AVG_PROJECTION)
@ResidualStage(name = "conv4", blocks = 6, filters = 256, stride = 2, block = Block.BOTTLENECK, shortcut = Shortcut.AVG_PROJECTION)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, block = Block.BOTTLENECK, shortcut = Shortcut.AVG_PROJECTION, expect = "2048x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface ResNet50DSpec {}
