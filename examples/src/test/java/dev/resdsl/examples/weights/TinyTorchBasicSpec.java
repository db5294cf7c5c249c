package dev.resdsl.examples.weights;

import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;

/**
 * The narrow basic-block ResNet of {@code tools/make_torchvision_fixture.py} ("tiny_basic"):
 * torchvision's stem and blocks with 8 to 32 channels; the parameter count is PyTorch's.
 */
@Network(
    input = @Input(channels = 3, height = 64, width = 64),
    classes = 5,
    expectParameters = 45_069)
@Stem(filters = 8, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(blocks = 1, filters = 8)
@ResidualStage(blocks = 2, filters = 16, stride = 2)
@ResidualStage(blocks = 1, filters = 32, stride = 2)
@ResidualStage(blocks = 1, filters = 32, stride = 2, expect = "32x2x2")
interface TinyTorchBasicSpec {}
