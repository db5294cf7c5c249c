package dev.resdsl.examples;

import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/** ResNet-34 (the paper's Table 1) with torchvision's conventions: option B shortcuts. */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 21_797_672)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 3, filters = 64)
@ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2)
@ResidualStage(name = "conv4", blocks = 6, filters = 256, stride = 2)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, expect = "512x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface ResNet34Spec {}
