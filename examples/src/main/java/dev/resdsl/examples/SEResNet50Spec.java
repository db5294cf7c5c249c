package dev.resdsl.examples;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Input;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.Stem;
import dev.resdsl.annotations.StridePlacement;

/**
 * SE-ResNet-50 (Hu et al. 2018, "Squeeze-and-Excitation Networks") as timm's {@code seresnet50}
 * builds it: ResNet-50 with a squeeze-and-excitation unit of reduction ratio 16 on every block.
 */
@Network(
    input = @Input(channels = 3, height = 224, width = 224),
    classes = 1000,
    expectParameters = 28_088_024)
@Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
@ResidualStage(name = "conv2", blocks = 3, filters = 64, block = Block.BOTTLENECK, squeezeExcitation = 16)
@ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2, block = Block.BOTTLENECK, squeezeExcitation = 16)
@ResidualStage(name = "conv4", blocks = 6, filters = 256, stride = 2, block = Block.BOTTLENECK, squeezeExcitation = 16)
@ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, block = Block.BOTTLENECK, squeezeExcitation = 16, expect = "2048x7x7")
@Conventions(bottleneckStride = StridePlacement.MIDDLE)
interface SEResNet50Spec {}
