package dev.resdsl.examples;

import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;

/**
 * The paper's 56-layer plain network for Fashion-MNIST's 1x28x28 images, one of the four networks
 * of the degradation experiment (EXPERIMENTS.md). The CIFAR layout of section 4.2 on one input
 * channel: 288 stem weights fewer than {@link Plain56}, and 7x7 instead of 8x8 after the last
 * stage.
 */
@Network(
    input = @Input(channels = 1, height = 28, width = 28),
    classes = 10,
    expectParameters = 852_730)
@Stem(filters = 16)
@ResidualStage(blocks = 9, filters = 16, shortcut = Shortcut.NONE)
@ResidualStage(blocks = 9, filters = 32, stride = 2, shortcut = Shortcut.NONE)
@ResidualStage(blocks = 9, filters = 64, stride = 2, shortcut = Shortcut.NONE, expect = "64x7x7")
interface FashionPlain56Spec {}
