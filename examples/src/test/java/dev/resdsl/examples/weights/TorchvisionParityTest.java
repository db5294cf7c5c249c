package dev.resdsl.examples.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.model.LayerNames;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Weights;
import dev.resdsl.runtime.weights.SafeTensors;
import dev.resdsl.runtime.weights.SafeTensorsFormatException;
import dev.resdsl.runtime.weights.WeightsMismatchException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Networks declared with the DSL compute what PyTorch computes with torchvision's own ResNet code
 * once they import its weights: the fixtures of {@code tools/make_torchvision_fixture.py} hold a
 * narrow basic-block, a narrow bottleneck and a narrow ResNeXt-style (grouped, wide) ResNet's
 * state dicts, an input batch, and PyTorch's
 * activations after every stage, logits and softmax for it.
 */
class TorchvisionParityTest {
  /**
   * The largest difference allowed in any activation, logit or probability, relative to the
   * largest magnitude in that tensor when it exceeds 1 (else absolute): README.md's figure. Float
   * rounding over a dozen layers stays within a few units in the last place of the largest values
   * (the ResNeXt fixture's logits, of magnitude up to 4.35, differ by two units, 9.5e-7; the test
   * prints each difference and scale), so an absolute bound would rest on the logits' size.
   */
  private static final double TOLERANCE = 1e-6;

  @TempDir Path folder;

  static Path fixture(String name) {
    try {
      return Path.of(TorchvisionParityTest.class.getResource("/weights/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no test resource weights/" + name, e);
    }
  }

  @Test
  void basicBlocksReproduceTorchvision() throws IOException {
    TinyTorchBasic net = TinyTorchBasic.create(1);
    Weights.importTorchvision(net, fixture("tiny_basic.safetensors"));
    assertParity(
        net,
        "tiny_basic_io.safetensors",
        (stage, images) -> net.features(TinyTorchBasic.Stage.values()[stage], images));
  }

  @Test
  void bottleneckBlocksReproduceTorchvision() throws IOException {
    TinyTorchBottleneck net = TinyTorchBottleneck.create(1);
    Weights.importTorchvision(net, fixture("tiny_bottleneck.safetensors"));
    assertParity(
        net,
        "tiny_bottleneck_io.safetensors",
        (stage, images) -> net.features(TinyTorchBottleneck.Stage.values()[stage], images));
  }

  @Test
  void groupedWideBottlenecksReproduceTorchvision() throws IOException {
    // The grouped 3x3 weights are [out, in / groups, 3, 3] in the file, as in the network.
    TinyTorchResNeXt net = TinyTorchResNeXt.create(1);
    Weights.importTorchvision(net, fixture("tiny_resnext.safetensors"));
    assertParity(
        net,
        "tiny_resnext_io.safetensors",
        (stage, images) -> net.features(TinyTorchResNeXt.Stage.values()[stage], images));
  }

  /**
   * Compares every stage's activations, the logits and the softmax with PyTorch's; stage 0 is the
   * stem (after its max pool), stage {@code i} torchvision's {@code layer<i>}.
   */
  private static void assertParity(
      GeneratedNetwork net, String io, BiFunction<Integer, INDArray, INDArray> features)
      throws IOException {
    try (SafeTensors torch = SafeTensors.open(fixture(io))) {
      INDArray images = tensor(torch, "input");
      StringBuilder report = new StringBuilder(net.name() + " vs PyTorch, max |difference|:");
      int stages = net.description().stages().size();
      for (int stage = 0; stage < stages; stage++) {
        String name = stage == 0 ? "features.stem" : "features.layer" + stage;
        assertClose(report, name.substring("features.".length()), tensor(torch, name),
            features.apply(stage, images));
      }
      assertClose(report, "logits", tensor(torch, "logits"), logits(net, images));
      assertClose(report, "softmax", tensor(torch, "softmax"), net.predict(images));
      System.out.println(report);
    }
  }

  /** Asserts that {@code actual} is within {@link #TOLERANCE} of {@code expected}, and reports. */
  private static void assertClose(StringBuilder report, String name, INDArray expected,
      INDArray actual) {
    double difference = maxDifference(expected, actual);
    double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
    report.append(String.format(" %s %.2e (scale %.3g)", name, difference, scale));
    assertTrue(difference <= TOLERANCE * scale,
        name + " differs by " + difference + " at scale " + scale + ": " + report);
  }

  /** The dense layer's input times its weights plus bias: the softmax's argument. */
  private static INDArray logits(GeneratedNetwork net, INDArray images) {
    INDArray pooled = net.graph().feedForward(images, false).get("head_pool");
    var output = net.graph().getLayer(LayerNames.OUTPUT);
    return pooled.mmul(output.getParam("W")).addRowVector(output.getParam("b"));
  }

  private static INDArray tensor(SafeTensors file, String name) throws IOException {
    return Nd4j.create(file.floats(name), file.tensors().get(name).shapeArray(), 'c');
  }

  private static double maxDifference(INDArray expected, INDArray actual) {
    assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()));
    return expected.sub(actual).amaxNumber().doubleValue();
  }

  @Test
  void aStateDictOfAnotherNetworkListsEveryMismatchAndChangesNothing() {
    TinyTorchBottleneck net = TinyTorchBottleneck.create(1);
    INDArray before = net.graph().params().dup();
    Path file = fixture("tiny_basic.safetensors");

    WeightsMismatchException e =
        assertThrows(WeightsMismatchException.class, () -> Weights.importTorchvision(net, file));

    String first = e.getMessage().lines().findFirst().orElseThrow();
    assertTrue(
        first.startsWith(
            file
                + " does not fit TinyTorchBottleneck: "
                + e.problems().size()
                + " problems: "
                + "missing layer1.0.conv3.weight; "),
        first);
    assertTrue(e.problems().contains("missing layer1.0.downsample.0.weight"));
    assertTrue(
        e.problems()
            .contains(
                "layer1.0.conv1.weight is [8, 8, 3, 3] in the file, [4, 8, 1, 1] in"
                    + " TinyTorchBottleneck"));
    assertTrue(
        e.problems().contains("fc.weight is [5, 32] in the file, [5, 64] in TinyTorchBottleneck"));
    // Each problem once, and the message lists them all.
    assertEquals(e.problems().size(), e.problems().stream().distinct().count());
    e.problems().forEach(problem -> assertTrue(e.getMessage().contains(problem), problem));
    assertEquals(before, net.graph().params());
  }

  @Test
  void aTruncatedFileIsAOneLineFormatErrorAndChangesNothing() throws IOException {
    byte[] whole = Files.readAllBytes(fixture("tiny_basic.safetensors"));
    Path file =
        Files.write(
            folder.resolve("tiny_basic.safetensors"), Arrays.copyOf(whole, whole.length / 2));
    TinyTorchBasic net = TinyTorchBasic.create(1);
    INDArray before = net.graph().params().dup();

    SafeTensorsFormatException e =
        assertThrows(SafeTensorsFormatException.class, () -> Weights.importTorchvision(net, file));

    assertTrue(
        e.getMessage().startsWith(file + " is not a valid safetensors file: tensor \""),
        e.getMessage());
    assertTrue(e.getMessage().contains("bytes of data after the header"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals(before, net.graph().params());
  }
}
