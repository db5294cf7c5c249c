package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;

/**
 * The pre-activation CIFAR-10 ResNet-110 (He et al. 2016, "Identity Mappings in Deep Residual
 * Networks"): the paper's 110 layers with batch norm and ReLU before each convolution, projection
 * shortcuts (option B) where the shape changes.
 */
@Network(
    input = @Input(channels = 3, height = 32, width = 32),
    classes = 10,
    expectParameters = 1_730_522)
@Stem(filters = 16)
@ResidualStage(blocks = 18, filters = 16, block = Block.PREACT_BASIC)
@ResidualStage(blocks = 18, filters = 32, stride = 2, block = Block.PREACT_BASIC)
@ResidualStage(blocks = 18, filters = 64, stride = 2, block = Block.PREACT_BASIC, expect = "64x8x8")
interface PreActResNet110Spec {}
