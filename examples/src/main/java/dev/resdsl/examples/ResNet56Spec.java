package dev.resdsl.examples;

import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;

/** The paper's 56-layer CIFAR-10 ResNet (section 4.2): 6n+2 layers, n = 9, option A shortcuts. */
@Network(
    input = @Input(channels = 3, height = 32, width = 32),
    classes = 10,
    expectParameters = 853_018)
@Stem(filters = 16)
@ResidualStage(blocks = 9, filters = 16, shortcut = Shortcut.ZERO_PAD)
@ResidualStage(blocks = 9, filters = 32, stride = 2, shortcut = Shortcut.ZERO_PAD)
@ResidualStage(blocks = 9, filters = 64, stride = 2, shortcut = Shortcut.ZERO_PAD, expect = "64x8x8")
interface ResNet56Spec {}
