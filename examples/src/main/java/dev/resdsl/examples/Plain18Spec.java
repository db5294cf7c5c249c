package dev.resdsl.examples;

import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.annotations.Shortcut;

/** The paper's 18-layer plain network for ImageNet: ResNet18 without shortcuts. */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 11_515_688)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 2, filters = 64, shortcut = Shortcut.NONE)
@ResidualStage(name = "conv3", blocks = 2, filters = 128, stride = 2, shortcut = Shortcut.NONE)
@ResidualStage(name = "conv4", blocks = 2, filters = 256, stride = 2, shortcut = Shortcut.NONE)
@ResidualStage(name = "conv5", blocks = 2, filters = 512, stride = 2, shortcut = Shortcut.NONE, expect = "512x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface Plain18Spec {}
