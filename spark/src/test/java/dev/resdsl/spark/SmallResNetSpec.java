package dev.resdsl.spark;

import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;

/** ResNet-20's shape at a fraction of its cost: 16x16 images, one block a stage, 10 classes. */
@Network(input = @Input(channels = 3, height = 16, width = 16), classes = 10)
@Stem(filters = 8)
@ResidualStage(blocks = 1, filters = 8, shortcut = Shortcut.ZERO_PAD)
@ResidualStage(blocks = 1, filters = 16, stride = 2, shortcut = Shortcut.ZERO_PAD)
@ResidualStage(blocks = 1, filters = 32, stride = 2, shortcut = Shortcut.ZERO_PAD, expect = "32x4x4")
interface SmallResNetSpec {}
