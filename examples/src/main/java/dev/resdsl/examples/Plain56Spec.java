package dev.resdsl.examples;

import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;

/** The paper's 56-layer plain network for CIFAR-10 (section 4.2): ResNet56 without shortcuts. */
@Network(
    input = @Input(channels = 3, height = 32, width = 32),
    classes = 10,
    expectParameters = 853_018)
@Stem(filters = 16)
@ResidualStage(blocks = 9, filters = 16, shortcut = Shortcut.NONE)
@ResidualStage(blocks = 9, filters = 32, stride = 2, shortcut = Shortcut.NONE)
@ResidualStage(blocks = 9, filters = 64, stride = 2, shortcut = Shortcut.NONE, expect = "64x8x8")
interface Plain56Spec {}
