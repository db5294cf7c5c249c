package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/**
 * The pre-activation CIFAR-10 ResNet-1001 (He et al. 2016): 111 pre-activation bottlenecks a
 * stage, the deepest network of the paper.
 */
@Network(
    input = @Input(channels = 3, height = 32, width = 32),
    classes = 10,
    expectParameters = 10_327_706)
@Stem(filters = 16)
@ResidualStage(blocks = 111, filters = 16, block = Block.PREACT_BOTTLENECK)
@ResidualStage(blocks = 111, filters = 32, stride = 2, block = Block.PREACT_BOTTLENECK)
@ResidualStage(blocks = 111, filters = 64, stride = 2, block = Block.PREACT_BOTTLENECK, expect = "256x8x8")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface PreActResNet1001Spec {}
