package dev.resdsl.runtime.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.PaperNetworks;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.weights.ParameterBinding.Presence;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** torchvision's names and shapes for the parameters of networks the graph builder builds. */
class TorchvisionLayoutWeightsTest {
  private static String describe(ParameterBinding b) {
    String mark =
        switch (b.presence()) {
          case REQUIRED -> b.transposed() ? " T " : " ";
          case OPTIONAL -> " ? ";
          case IGNORED -> " - ";
        };
    String target = b.layer() == null ? "" : " " + b.layer() + "/" + b.parameter();
    return b.name() + mark + b.shape() + target;
  }

  @Test
  void namesEveryParameterOfAStemABasicAndABottleneckBlockAndTheHead() {
    String bn = "weight bias running_mean running_var";
    List<String> actual =
        TorchvisionLayout.bindings("TinyNet", TinyNet.PLAN).stream()
            .map(TorchvisionLayoutWeightsTest::describe)
            .collect(Collectors.toList());
    List<String> expected =
        List.of(
            "conv1.weight [4, 3, 3, 3] stem_conv/W",
            "bn1.weight [4] stem_bn/gamma",
            "bn1.bias [4] stem_bn/beta",
            "bn1.running_mean [4] stem_bn/mean",
            "bn1.running_var [4] stem_bn/var",
            "bn1.num_batches_tracked - []",
            // Stage "a": option A, so no downsample.
            "layer1.0.conv1.weight [8, 4, 3, 3] a_block1_conv1/W",
            "layer1.0.bn1.weight [8] a_block1_bn1/gamma",
            "layer1.0.bn1.bias [8] a_block1_bn1/beta",
            "layer1.0.bn1.running_mean [8] a_block1_bn1/mean",
            "layer1.0.bn1.running_var [8] a_block1_bn1/var",
            "layer1.0.bn1.num_batches_tracked - []",
            "layer1.0.conv2.weight [8, 8, 3, 3] a_block1_conv2/W",
            "layer1.0.bn2.weight [8] a_block1_bn2/gamma",
            "layer1.0.bn2.bias [8] a_block1_bn2/beta",
            "layer1.0.bn2.running_mean [8] a_block1_bn2/mean",
            "layer1.0.bn2.running_var [8] a_block1_bn2/var",
            "layer1.0.bn2.num_batches_tracked - []");
    assertEquals(expected, actual.subList(0, expected.size()));
    List<String> names =
        TorchvisionLayout.bindings("TinyNet", TinyNet.PLAN).stream()
            .map(ParameterBinding::name)
            .collect(Collectors.toList());
    for (String module :
        List.of("layer2.0.conv1", "layer2.0.conv2", "layer2.0.conv3", "layer2.0.downsample.0")) {
      assertTrue(names.contains(module + ".weight"), module);
    }
    for (String module :
        List.of("layer2.0.bn1", "layer2.0.bn2", "layer2.0.bn3", "layer2.0.downsample.1")) {
      for (String suffix : bn.split(" ")) {
        assertTrue(names.contains(module + "." + suffix), module + "." + suffix);
      }
    }
    List<String> tail = actual.subList(actual.size() - 2, actual.size());
    assertEquals(List.of("fc.weight T [5, 16] output/W", "fc.bias [5] output/b"), tail);
    // Stem 6, block a 12, block b 3 x 6 and its downsample 6, fc 2.
    assertEquals(6 + 12 + 3 * 6 + 6 + 2, actual.size());
  }

  @Test
  void mapsStagesByPositionAndBlocksFromZero() {
    GeneratedNetwork resNet50 = PaperNetworks.resNet50();
    List<ParameterBinding> bindings = TorchvisionLayout.bindings(resNet50.name(), resNet50.plan());
    List<String> names = bindings.stream().map(ParameterBinding::name).toList();
    // torchvision's ResNet-50: 53 convolutions, 53 batch norms (5 numbers each), fc.
    assertEquals(53 + 53 * 5 + 2, names.size());
    assertTrue(names.contains("layer4.2.bn3.running_var"));
    assertTrue(names.contains("layer1.0.downsample.0.weight"));
    assertFalse(names.contains("layer1.1.downsample.0.weight"));
    ParameterBinding conv = bindings.get(names.indexOf("layer3.0.conv2.weight"));
    assertEquals(List.of(256L, 256L, 3L, 3L), conv.shape());
    assertEquals("conv4_block1_conv2", conv.layer());
    ParameterBinding fc = bindings.get(names.indexOf("fc.weight"));
    assertEquals(List.of(1000L, 2048L), fc.shape());
    assertTrue(fc.transposed());
    assertTrue(
        bindings.stream()
            .allMatch(
                b ->
                    (b.presence() == Presence.IGNORED)
                        == b.name().endsWith("num_batches_tracked")));
  }

  @Test
  void optionANetworksHaveNoDownsample() {
    List<String> names =
        TorchvisionLayout.bindings("ResNet20", PaperNetworks.resNet20().plan()).stream()
            .map(ParameterBinding::name)
            .toList();
    assertTrue(names.stream().noneMatch(n -> n.contains("downsample")));
    assertTrue(names.contains("layer3.2.conv2.weight"));
    assertEquals(19 + 19 * 5 + 2, names.size());
  }
}
