package dev.resdsl.examples.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.resdsl.examples.ResNet18;
import dev.resdsl.examples.ResNeXt50_32x4d;
import dev.resdsl.examples.ResNet50;
import dev.resdsl.examples.WideResNet50_2;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Weights;
import dev.resdsl.runtime.weights.TorchvisionLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The example ResNets against the state dicts of torchvision's own {@code resnet18()}, {@code
 * resnet50()}, {@code resnext50_32x4d()} and {@code wide_resnet50_2()}, whose names, dtypes and
 * shapes {@code tools/make_torchvision_fixture.py} recorded:
 * every name and shape must match, and a full-size file must import.
 */
class TorchvisionResNetWeightsTest {
  @TempDir Path folder;

  /** One line of a recorded state dict: name, dtype, shape. */
  private record Recorded(String name, String dtype, List<Long> shape) {
    static Recorded parse(String line) {
      String[] parts = line.split(" ", 3);
      String dims = parts[2].substring(1, parts[2].length() - 1);
      List<Long> shape = new ArrayList<>();
      for (String dim : dims.isEmpty() ? new String[0] : dims.split(", ")) {
        shape.add(Long.parseLong(dim));
      }
      return new Recorded(parts[0], parts[1], shape);
    }

    long elements() {
      return shape.stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
    }
  }

  private static List<Recorded> recorded(String model) throws IOException {
    Path file = TorchvisionParityTest.fixture("torchvision_" + model + "_state_dict.txt");
    return Files.readAllLines(file).stream().map(Recorded::parse).collect(Collectors.toList());
  }

  private static void assertSameNamesAndShapes(GeneratedNetwork net, String model)
      throws IOException {
    List<String> torchvision =
        recorded(model).stream().map(r -> r.name() + " " + r.shape()).sorted().toList();
    List<String> ours =
        TorchvisionLayout.bindings(net.name(), net.plan()).stream()
            .map(b -> b.name() + " " + b.shape())
            .sorted()
            .toList();
    assertEquals(torchvision, ours);
  }

  @Test
  void resNet18ExpectsExactlyTorchvisionsStateDict() throws IOException {
    assertSameNamesAndShapes(ResNet18.create(1), "resnet18");
  }

  @Test
  void resNeXt50AndWideResNet50ExpectExactlyTorchvisionsStateDicts() throws IOException {
    // Same names as ResNet-50; the grouped 3x3 weights are [out, in / 32, 3, 3].
    assertSameNamesAndShapes(ResNeXt50_32x4d.create(1), "resnext50_32x4d");
    assertSameNamesAndShapes(WideResNet50_2.create(1), "wide_resnet50_2");
  }

  @Test
  void resNet50ImportsAFullSizeTorchvisionStateDict() throws IOException {
    ResNet50 net = ResNet50.create(1);
    assertSameNamesAndShapes(net, "resnet50");
    List<Recorded> tensors = recorded("resnet50");
    Path file = folder.resolve("resnet50.safetensors");
    write(file, tensors);

    long start = System.nanoTime();
    Weights.importTorchvision(net, file);
    System.out.printf(
        "ResNet50: imported %,d bytes in %.2f s%n",
        Files.size(file), (System.nanoTime() - start) / 1e9);

    // Spot checks, each value being what write() put at that element of that tensor.
    List<String> names = tensors.stream().map(Recorded::name).toList();
    INDArray stem = net.graph().getLayer("stem_conv").getParam("W");
    assertEquals(
        value(names.indexOf("conv1.weight"), ((1 * 3 + 2) * 7 + 3) * 7 + 4),
        stem.getFloat(1, 2, 3, 4));
    INDArray variance = net.graph().getLayer("conv5_block3_bn3").getParam("var");
    // Deeplearning4j's batch-norm parameters are vectors here: index them by one number.
    assertEquals(
        value(names.indexOf("layer4.2.bn3.running_var"), 2047),
        variance.reshape(variance.length()).getFloat(2047));
    INDArray shortcut = net.graph().getLayer("conv3_block1_shortcut_conv").getParam("W");
    assertEquals(
        value(names.indexOf("layer2.0.downsample.0.weight"), 5 * 256 + 7),
        shortcut.getFloat(5, 7, 0, 0));
    // fc.weight is [out, in] in the file and [in, out] in Deeplearning4j.
    INDArray dense = net.graph().getLayer("output").getParam("W");
    assertEquals(value(names.indexOf("fc.weight"), 7 * 2048 + 11), dense.getFloat(11, 7));
  }

  /** The value write() gives element {@code element} of the {@code tensor}-th tensor. */
  private static float value(int tensor, long element) {
    return ((element * 7 + tensor * 13) % 1000) / 1000f + 0.25f;
  }

  /** A safetensors file of the recorded tensors, streamed tensor by tensor. */
  private static void write(Path file, List<Recorded> tensors) throws IOException {
    StringBuilder header = new StringBuilder("{");
    long offset = 0;
    for (Recorded tensor : tensors) {
      long bytes = tensor.elements() * (tensor.dtype().equals("I64") ? 8 : 4);
      header
          .append(header.length() > 1 ? "," : "")
          .append(
              String.format(
                  "\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}",
                  tensor.name(),
                  tensor.dtype(),
                  tensor.shape().toString().replace(" ", ""),
                  offset,
                  offset + bytes));
      offset += bytes;
    }
    byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).flip());
      out.write(ByteBuffer.wrap(json));
      for (int t = 0; t < tensors.size(); t++) {
        Recorded tensor = tensors.get(t);
        int n = Math.toIntExact(tensor.elements());
        ByteBuffer data =
            ByteBuffer.allocate(n * (tensor.dtype().equals("I64") ? 8 : 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          if (tensor.dtype().equals("I64")) {
            data.putLong(i);
          } else {
            data.putFloat(value(t, i));
          }
        }
        out.write(data.flip());
      }
    }
  }
}
