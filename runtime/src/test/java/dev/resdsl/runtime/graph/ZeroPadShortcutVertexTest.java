package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ZeroPadShortcutVertexTest {

  /**
   * {@code F.pad(x[:, :, ::s, ::s], (0, 0, 0, 0, pad // 2, pad - pad // 2))}, element by element.
   */
  private static INDArray reference(INDArray x, int channels, int stride) {
    long n = x.size(0), cin = x.size(1), h = x.size(2), w = x.size(3);
    long before = (channels - cin) / 2;
    INDArray out =
        Nd4j.zeros(x.dataType(), n, channels, (h + stride - 1) / stride, (w + stride - 1) / stride);
    for (long i = 0; i < n; i++) {
      for (long c = 0; c < cin; c++) {
        for (long y = 0; y < h; y += stride) {
          for (long z = 0; z < w; z += stride) {
            out.putScalar(
                new long[] {i, before + c, y / stride, z / stride}, x.getDouble(i, c, y, z));
          }
        }
      }
    }
    return out;
  }

  private static ZeroPadShortcut vertex(int channels, int stride) {
    return (ZeroPadShortcut)
        new ZeroPadShortcutVertex(channels, stride)
            .instantiate(null, "shortcut", 0, null, false, DataType.FLOAT);
  }

  @Test
  void forwardSubsamplesAndPadsSymmetricallyOnOddSizes() {
    // 3 -> 8 channels: 2 zero channels before, 3 after; 9x9 -> 5x5 at rows/columns 0, 2, ..., 8.
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9).addi(1);
    ZeroPadShortcut shortcut = vertex(8, 2);
    shortcut.setInputs(new INDArray[] {x});
    INDArray out = shortcut.doForward(false, LayerWorkspaceMgr.noWorkspaces());
    assertArrayEquals(new long[] {2, 8, 5, 5}, out.shape());
    assertEquals(reference(x, 8, 2), out);
    assertEquals(0.0, out.get(all(), interval(0, 2)).sumNumber().doubleValue());
    assertEquals(0.0, out.get(all(), interval(5, 8)).sumNumber().doubleValue());
    assertEquals(x.getDouble(1, 2, 8, 4), out.getDouble(1, 4, 4, 2));
  }

  @Test
  void forwardAndBackwardOnAHeightOrWidthOfOne() {
    // ND4J refuses a strided interval over a dimension of one; the sampled position is 0.
    for (long[] shape : new long[][] {{2, 3, 1, 5}, {2, 3, 4, 1}, {1, 3, 1, 1}}) {
      INDArray x = Nd4j.rand(DataType.FLOAT, shape).addi(1);
      ZeroPadShortcut shortcut = vertex(8, 3);
      shortcut.setInputs(new INDArray[] {x});
      INDArray out = shortcut.doForward(false, LayerWorkspaceMgr.noWorkspaces());
      assertEquals(reference(x, 8, 3), out);
      shortcut.setEpsilon(Nd4j.ones(DataType.FLOAT, out.shape()));
      INDArray gradient = shortcut.doBackward(false, LayerWorkspaceMgr.noWorkspaces())
          .getSecond()[0];
      assertArrayEquals(x.shape(), gradient.shape());
      // One sampled position per row and column of three: the first.
      assertEquals(shape[0] * shape[1] * ((shape[2] + 2) / 3) * ((shape[3] + 2) / 3),
          gradient.sumNumber().longValue());
    }
  }

  @Test
  void forwardWithStrideOneOnlyPads() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 1, 4, 3, 3);
    ZeroPadShortcut shortcut = vertex(7, 1);
    shortcut.setInputs(new INDArray[] {x});
    assertEquals(reference(x, 7, 1), shortcut.doForward(false, LayerWorkspaceMgr.noWorkspaces()));
  }

  @Test
  void backwardScattersTheInputChannelsGradientToTheSampledPositions() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 5, 4);
    ZeroPadShortcut shortcut = vertex(5, 2);
    shortcut.setInputs(new INDArray[] {x});
    shortcut.doForward(true, LayerWorkspaceMgr.noWorkspaces());
    INDArray epsilon = Nd4j.rand(DataType.FLOAT, 2, 5, 3, 2);
    shortcut.setEpsilon(epsilon);
    Pair<?, INDArray[]> result = shortcut.doBackward(false, LayerWorkspaceMgr.noWorkspaces());
    assertNull(result.getFirst(), "no parameter gradients");
    INDArray gradient = result.getSecond()[0];
    assertArrayEquals(x.shape(), gradient.shape());
    // Input channel c sat at output channel c + 1; skipped rows and columns get no gradient.
    for (long i = 0; i < 2; i++) {
      for (long c = 0; c < 2; c++) {
        for (long y = 0; y < 5; y++) {
          for (long z = 0; z < 4; z++) {
            double expected =
                y % 2 == 0 && z % 2 == 0 ? epsilon.getDouble(i, c + 1, y / 2, z / 2) : 0;
            assertEquals(
                expected, gradient.getDouble(i, c, y, z), "at " + i + "," + c + "," + y + "," + z);
          }
        }
      }
    }
  }

  @Test
  void passesDeeplearning4jGradientCheckInsideAGraph() {
    // Double precision, no updates: the convolution's gradient flows back through the shortcut.
    ComputationGraphConfiguration configuration =
        new NeuralNetConfiguration.Builder()
            .seed(3)
            .dataType(DataType.DOUBLE)
            .updater(new NoOp())
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(InputType.convolutional(5, 5, 2))
            .addLayer(
                "conv",
                new ConvolutionLayer.Builder(3, 3)
                    .padding(1, 1)
                    .nOut(3)
                    .activation(Activation.TANH)
                    .build(),
                "input")
            .addVertex("shortcut", new ZeroPadShortcutVertex(6, 2), "conv")
            .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "shortcut")
            .addLayer(
                "output",
                new OutputLayer.Builder(LossFunction.MSE)
                    .nOut(2)
                    .activation(Activation.IDENTITY)
                    .build(),
                "pool")
            .setOutputs("output")
            .build();
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    GradientChecks.assertPasses(graph, new long[] {2, 2, 5, 5}, 2);
  }

  @Test
  void outputTypeRoundsUpAndRefusesFewerChannels() {
    ZeroPadShortcutVertex vertex = new ZeroPadShortcutVertex(32, 2);
    assertEquals(
        InputType.convolutional(5, 4, 32),
        vertex.getOutputType(0, InputType.convolutional(9, 7, 16)));
    assertThrows(
        InvalidInputTypeException.class,
        () -> vertex.getOutputType(0, InputType.convolutional(8, 8, 64)));
    assertThrows(
        InvalidInputTypeException.class, () -> vertex.getOutputType(0, InputType.feedForward(16)));
    assertEquals(0, vertex.numParams(true));
    assertThrows(IllegalArgumentException.class, () -> new ZeroPadShortcutVertex(0, 1));
  }

  @Test
  void survivesTheJsonOfItsConfiguration() {
    ComputationGraphConfiguration configuration =
        new NeuralNetConfiguration.Builder()
            .graphBuilder()
            .addInputs("input")
            .setInputTypes(InputType.convolutional(4, 4, 2))
            .addVertex("shortcut", new ZeroPadShortcutVertex(6, 2), "input")
            .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "shortcut")
            .addLayer("output", new OutputLayer.Builder().nOut(2).build(), "pool")
            .setOutputs("output")
            .build();
    String json = configuration.toJson();
    assertTrue(
        json.contains("\"@class\" : \"dev.resdsl.runtime.graph.ZeroPadShortcutVertex\""), json);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(new ZeroPadShortcutVertex(6, 2), back.getVertices().get("shortcut"));
    assertEquals(json, back.toJson());
  }
}
