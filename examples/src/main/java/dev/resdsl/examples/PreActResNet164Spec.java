package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/**
 * The pre-activation CIFAR-10 ResNet-164 (He et al. 2016): 18 pre-activation bottlenecks a stage
 * (outputs 64, 128, 256), projection shortcuts where the shape changes, the stride on the 3x3 as
 * in the authors' code.
 */
@Network(
    input = @Input(channels = 3, height = 32, width = 32),
    classes = 10,
    expectParameters = 1_703_258)
@Stem(filters = 16)
@ResidualStage(blocks = 18, filters = 16, block = Block.PREACT_BOTTLENECK)
@ResidualStage(blocks = 18, filters = 32, stride = 2, block = Block.PREACT_BOTTLENECK)
@ResidualStage(blocks = 18, filters = 64, stride = 2, block = Block.PREACT_BOTTLENECK, expect = "256x8x8")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface PreActResNet164Spec {}
