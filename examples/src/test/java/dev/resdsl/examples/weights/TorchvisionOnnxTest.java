package dev.resdsl.examples.weights;

import static dev.resdsl.examples.onnx.OnnxRuntimeClient.LOG_PROBABILITY_TOLERANCE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import dev.resdsl.examples.onnx.OnnxRuntimeClient;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.Weights;
import dev.resdsl.runtime.onnx.OnnxExport;
import dev.resdsl.runtime.weights.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network that imported a torchvision state dict, exported to ONNX and run in onnxruntime,
 * gives the softmax that PyTorch recorded with torchvision's own ResNet code: the fixtures of
 * {@code tools/make_torchvision_fixture.py}. There is no ResNet-18 at small width among them;
 * {@code tiny_basic} is ResNet-18's structure (7x7/2 stem with max pool, basic blocks, identity
 * and projection shortcuts, four stages, average pool) with one or two blocks a stage instead of
 * two, and {@code tiny_bottleneck} ResNet-50's, both with randomised batch norms.
 */
class TorchvisionOnnxTest {
  @TempDir Path folder;

  @Test
  void basicBlocksExportedFromATorchvisionStateDictGiveTorchvisionsSoftmax()
      throws IOException, OrtException {
    assertOnnxruntimeGivesTorchvisionsSoftmax(TinyTorchBasic.create(1), "tiny_basic");
  }

  @Test
  void bottleneckBlocksExportedFromATorchvisionStateDictGiveTorchvisionsSoftmax()
      throws IOException, OrtException {
    assertOnnxruntimeGivesTorchvisionsSoftmax(TinyTorchBottleneck.create(1), "tiny_bottleneck");
  }

  private void assertOnnxruntimeGivesTorchvisionsSoftmax(GeneratedNetwork net, String fixture)
      throws IOException, OrtException {
    Weights.importTorchvision(net, TorchvisionParityTest.fixture(fixture + ".safetensors"));
    Path model = folder.resolve(fixture + ".onnx");
    OnnxExport.write(net, model);
    Path io = TorchvisionParityTest.fixture(fixture + "_io.safetensors");
    try (SafeTensors torch = SafeTensors.open(io)) {
      INDArray images = tensor(torch, "input");
      double difference = OnnxRuntimeClient.maxLogDifference(
          tensor(torch, "softmax"), OnnxRuntimeClient.probabilities(model, images));
      System.out.printf(Locale.ROOT,
          "%s: onnxruntime vs PyTorch, max |log-probability difference| %.2e%n", fixture,
          difference);
      assertTrue(difference <= LOG_PROBABILITY_TOLERANCE,
          fixture + ": onnxruntime's log-probabilities differ from PyTorch's by " + difference);
    }
  }

  private static INDArray tensor(SafeTensors file, String name) throws IOException {
    return Nd4j.create(file.floats(name), file.tensors().get(name).shapeArray(), 'c');
  }
}
