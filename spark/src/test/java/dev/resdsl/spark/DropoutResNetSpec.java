package dev.resdsl.spark;

import dev.resdsl.annotations.Head;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.Stem;

/** A small network with dropout in its head, which the engine does not train. */
@Network(input = @Input(channels = 3, height = 16, width = 16), classes = 10)
@Stem(filters = 8)
@ResidualStage(blocks = 1, filters = 8, shortcut = Shortcut.ZERO_PAD)
@Head(dropout = 0.5)
interface DropoutResNetSpec {}
