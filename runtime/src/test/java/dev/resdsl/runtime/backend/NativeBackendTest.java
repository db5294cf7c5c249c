package dev.resdsl.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.PaperNetworks;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The backend description and the scoped switch of DL4J's oneDNN layer helpers. */
class NativeBackendTest {

  @Test
  void describesTheLoadedCpuBuild() {
    NativeBackend.Info info = NativeBackend.info();
    assertEquals("CPU", info.backend());
    assertTrue(info.nativeBuild().startsWith("linux-x86_64"), info.nativeBuild());
    assertTrue(info.threads() > 0);
    assertTrue(info.describe().contains(info.nativeBuild()), info.describe());
    // Both builds the project ships have oneDNN.
    assertEquals(info.nativeBuild().contains("onednn"), info.oneDnn());
  }

  @Test
  void saysWhenNd4jRunsAnotherBuildThanTheOneChosen() {
    NativeBuildSelector.Choice avx512 = NativeBuildSelector.Choice.of(
        NativeBuildSelector.Build.AVX512, "auto, CPU has avx512f", false);
    assertEquals("auto, CPU has avx512f",
        NativeBackend.buildChoice(avx512, "linux-x86_64-onednn-avx512"));
    assertEquals("not linux-x86_64-onednn-avx512 as chosen: ND4J was loaded before"
            + " NativeBuildSelector.apply() ran, or that build is missing",
        NativeBackend.buildChoice(avx512, "linux-x86_64-onednn-avx2"));
    NativeBuildSelector.Choice cuda = NativeBuildSelector.Choice.left("JavaCPP's default", false);
    assertEquals("JavaCPP's default", NativeBackend.buildChoice(cuda, "linux-x86_64-cudnn"));
  }

  @Test
  void helpersOnlyForLayersCreatedInsideTheScope() {
    ComputationGraphConfiguration configuration = PaperNetworks.resNet20().graph().getConfiguration().clone();
    ComputationGraph inside = NativeBackend.withLayerHelpers(() -> init(configuration));
    ComputationGraph outside = init(configuration.clone());
    assertNull(System.getProperty(NativeBackend.DL4J_HELPERS_DISABLE), "property restored");
    assertEquals(NativeBackend.info().layerHelpers(), firstConvolution(inside).getHelper() != null);
    assertNull(firstConvolution(outside).getHelper(), "a user's own graph keeps DL4J's defaults");
  }

  @Test
  void helpersComputeWhatDeeplearning4jsOwnLayersCompute() {
    assertTrue(NativeBackend.info().layerHelpers(), "the shipped builds have oneDNN");
    ComputationGraphConfiguration configuration = PaperNetworks.resNet20().graph().getConfiguration().clone();
    ComputationGraph fast = NativeBackend.withLayerHelpers(() -> init(configuration));
    ComputationGraph plain = init(configuration.clone());
    plain.setParams(fast.params().dup());
    assertNotNull(firstConvolution(fast).getHelper());

    INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32).subi(0.5);
    assertClose(plain.outputSingle(false, images), fast.outputSingle(false, images), 1e-4);
    assertClose(plain.outputSingle(true, images), fast.outputSingle(true, images), 1e-4);

    INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
    for (int i = 0; i < 8; i++) {
      labels.putScalar(i, i % 10, 1);
    }
    plain.setInputs(images);
    plain.setLabels(labels);
    plain.computeGradientAndScore();
    fast.setInputs(images);
    fast.setLabels(labels);
    fast.computeGradientAndScore();
    assertEquals(plain.score(), fast.score(), 1e-4);
    // Parameter by parameter, each relative to its own gradient's scale (summation order differs
    // between the two paths): one norm over all of them would hide an error in a layer whose
    // gradients are small.
    Map<String, INDArray> expected = plain.gradient().gradientForVariable();
    Map<String, INDArray> actual = fast.gradient().gradientForVariable();
    assertEquals(expected.keySet(), actual.keySet());
    assertEquals(parameterCount(plain), expected.size(),
        "a gradient for every parameter of every layer");
    StringBuilder worst = new StringBuilder();
    double worstRatio = 0;
    for (Map.Entry<String, INDArray> e : expected.entrySet()) {
      double scale = e.getValue().norm2Number().doubleValue();
      double difference = e.getValue().sub(actual.get(e.getKey())).norm2Number().doubleValue();
      assertTrue(scale > 0, e.getKey() + " has a zero gradient: nothing is compared");
      assertTrue(difference <= GRADIENT_TOLERANCE * scale,
          e.getKey() + "'s gradient differs by " + difference + " of " + scale);
      if (difference / scale > worstRatio) {
        worstRatio = difference / scale;
        worst.setLength(0);
        worst.append(e.getKey());
      }
    }
    System.out.printf("NativeBackendTest: %d parameters' gradients agree; the largest relative"
        + " difference is %.2e (%s)%n", expected.size(), worstRatio, worst);
  }

  /** How far each parameter's gradient may differ, relative to its norm. */
  private static final double GRADIENT_TOLERANCE = 1e-4;

  /** The parameters of a graph, counted layer by layer: what has a gradient. */
  private static int parameterCount(ComputationGraph graph) {
    int count = 0;
    for (var layer : graph.getLayers()) {
      count += layer.paramTable(true).size();
    }
    return count;
  }

  private static ComputationGraph init(ComputationGraphConfiguration configuration) {
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    return graph;
  }

  private static ConvolutionLayer firstConvolution(ComputationGraph graph) {
    return (ConvolutionLayer) graph.getLayer("stem_conv");
  }

  private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
    double difference = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
    assertTrue(difference <= tolerance, "outputs differ by " + difference);
  }
}
