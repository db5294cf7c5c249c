package dev.resdsl.examples;

import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;

/** The paper's 32-layer CIFAR-10 ResNet (section 4.2): 6n+2 layers, n = 5, option A shortcuts. */
@Network(
    input = @Input(channels = 3, height = 32, width = 32),
    classes = 10,
    expectParameters = 464_154)
@Stem(filters = 16)
@ResidualStage(blocks = 5, filters = 16, shortcut = Shortcut.ZERO_PAD)
@ResidualStage(blocks = 5, filters = 32, stride = 2, shortcut = Shortcut.ZERO_PAD)
@ResidualStage(blocks = 5, filters = 64, stride = 2, shortcut = Shortcut.ZERO_PAD, expect = "64x8x8")
interface ResNet32Spec {}
