package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class GroupedConvolutionTest {
  private static final int IN = 8;
  private static final int OUT = 12;
  private static final int GROUPS = 4;

  /** A graph of the grouped convolution alone, then a pool and an output layer. */
  private static ComputationGraph grouped(DataType type, boolean bias, int stride) {
    return grouped(type, new GroupedConvolution(OUT, 3, stride, GROUPS, bias), IN);
  }

  private static ComputationGraph grouped(DataType type, GroupedConvolution conv, int in) {
    ComputationGraphConfiguration configuration = new NeuralNetConfiguration.Builder()
        .seed(5)
        .dataType(type)
        .updater(new NoOp())
        .weightInit(WeightInit.RELU)
        .graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(7, 5, in))
        .addLayer("conv", conv, "input")
        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
        .addLayer("output", new OutputLayer.Builder(LossFunction.MSE).nOut(2)
            .activation(Activation.IDENTITY).build(), "pool")
        .setOutputs("output")
        .build();
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    return graph;
  }

  /** An ordinary convolution of the same sizes, symmetric padding 1, truncating. */
  private static ComputationGraph dense(boolean bias, int stride) {
    ComputationGraphConfiguration configuration = new NeuralNetConfiguration.Builder()
        .dataType(DataType.FLOAT)
        .convolutionMode(ConvolutionMode.Truncate)
        .graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(7, 5, IN))
        .addLayer("conv", new ConvolutionLayer.Builder(3, 3).stride(stride, stride)
            .padding(1, 1).nOut(OUT).hasBias(bias).activation(Activation.IDENTITY).build(),
            "input")
        .setOutputs("conv")
        .build();
    ComputationGraph graph = new ComputationGraph(configuration);
    graph.init();
    return graph;
  }

  @Test
  void equalsAnOrdinaryConvolutionWithBlockDiagonalWeights() {
    for (int stride : new int[] {1, 2}) {
      ComputationGraph grouped = grouped(DataType.FLOAT, true, stride);
      INDArray w = grouped.getLayer("conv").getParam("W");
      INDArray b = grouped.getLayer("conv").getParam("b");
      b.assign(Nd4j.rand(DataType.FLOAT, b.shape()));
      // Group g's filters see only input channels g * 2 .. g * 2 + 1: zero everywhere else.
      ComputationGraph dense = dense(true, stride);
      INDArray full = Nd4j.zeros(DataType.FLOAT, OUT, IN, 3, 3);
      int out = OUT / GROUPS;
      int in = IN / GROUPS;
      for (int g = 0; g < GROUPS; g++) {
        full.get(interval(g * out, (g + 1) * out), interval(g * in, (g + 1) * in), all(), all())
            .assign(w.get(interval(g * out, (g + 1) * out), all(), all(), all()));
      }
      dense.getLayer("conv").getParam("W").assign(full);
      dense.getLayer("conv").getParam("b").assign(b);
      INDArray images = Nd4j.rand(DataType.FLOAT, 3, IN, 7, 5);
      INDArray expected = dense.feedForward(images, false).get("conv");
      INDArray actual = grouped.feedForward(images, false).get("conv");
      assertArrayEquals(new long[] {3, OUT, (7 + stride - 1) / stride, (5 + stride - 1) / stride},
          actual.shape());
      assertTrue(expected.equalsWithEps(actual, 1e-5), "stride " + stride);
    }
  }

  @Test
  void aGroupOfOneChannelConvolvesThatChannelAlone() {
    // One input and one output channel per group: each output is its own channel's convolution.
    ComputationGraph graph = grouped(DataType.FLOAT, new GroupedConvolution(4, 3, 1, 4, true), 4);
    INDArray w = graph.getLayer("conv").getParam("W");
    INDArray b = graph.getLayer("conv").getParam("b");
    b.assign(Nd4j.rand(DataType.FLOAT, b.shape()));
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 4, 7, 5);
    INDArray out = graph.feedForward(images, false).get("conv");
    for (int c = 0; c < 4; c++) {
      double expected = b.getDouble(0, c);
      for (int dy = 0; dy < 3; dy++) {
        for (int dx = 0; dx < 3; dx++) {
          expected += w.getDouble(c, 0, dy, dx) * images.getDouble(1, c, 2 + dy, 1 + dx);
        }
      }
      assertEquals(expected, out.getDouble(1, c, 3, 2), 1e-5, "channel " + c);
    }
  }

  @Test
  void holdsPyTorchsWeightShapeAndServesAnyBatchSize() {
    ComputationGraph graph = grouped(DataType.FLOAT, false, 1);
    assertArrayEquals(new long[] {OUT, IN / GROUPS, 3, 3},
        graph.getLayer("conv").getParam("W").shape());
    assertEquals((long) OUT * IN / GROUPS * 9, graph.getLayer("conv").numParams());
    for (int batch : new int[] {1, 4, 2}) {
      assertArrayEquals(new long[] {batch, 2},
          graph.outputSingle(Nd4j.rand(DataType.FLOAT, batch, IN, 7, 5)).shape());
    }
  }

  @Test
  void heInitialisesOverOneGroupsInputsAsTheLoweringAsks() {
    INDArray w = grouped(DataType.FLOAT, false, 1).getLayer("conv").getParam("W");
    // Variance 2 / fan-in, fan-in = 2 channels x 9 positions: a standard deviation of 1/3.
    double std = w.stdNumber().doubleValue();
    assertEquals(1.0 / 3, std, 0.1, "std " + std);
  }

  @Test
  void passesDeeplearning4jGradientCheck() {
    ComputationGraph graph = grouped(DataType.DOUBLE, true, 2);
    GradientChecks.assertPasses(graph, new long[] {2, IN, 7, 5}, 2);
  }

  @Test
  void survivesTheJsonOfItsConfiguration() {
    ComputationGraphConfiguration configuration = grouped(DataType.FLOAT, true, 2)
        .getConfiguration();
    String json = configuration.toJson();
    assertTrue(json.contains("\"@class\" : \"dev.resdsl.runtime.graph.GroupedConvolution\""),
        json);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(json, back.toJson());
    ComputationGraph restored = new ComputationGraph(back);
    restored.init();
    assertEquals(grouped(DataType.FLOAT, true, 2).numParams(), restored.numParams());
  }

  @Test
  void refusesGroupsThatDoNotDivideTheChannels() {
    assertThrows(IllegalArgumentException.class, () -> new GroupedConvolution(10, 3, 1, 4, false));
    assertThrows(IllegalArgumentException.class, () -> new GroupedConvolution(8, 3, 1, 0, false));
  }
}
