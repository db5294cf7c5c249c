package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
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

class ChannelScaleVertexTest {
  private static ChannelScale vertex() {
    return (ChannelScale) new ChannelScaleVertex()
        .instantiate(null, "scale", 0, null, false, DataType.FLOAT);
  }

  @Test
  void forwardScalesEachChannelByItsWeightAndBackwardSplitsTheGradient() {
    INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5);
    INDArray weights = Nd4j.rand(DataType.FLOAT, 2, 3, 1, 1);
    ChannelScale scale = vertex();
    scale.setInputs(new INDArray[] {x, weights});
    INDArray out = scale.doForward(true, LayerWorkspaceMgr.noWorkspaces());
    INDArray epsilon = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5);
    scale.setEpsilon(epsilon);
    Pair<?, INDArray[]> back = scale.doBackward(false, LayerWorkspaceMgr.noWorkspaces());
    assertNull(back.getFirst(), "no parameter gradients");
    assertArrayEquals(weights.shape(), back.getSecond()[1].shape());
    for (int n = 0; n < 2; n++) {
      for (int c = 0; c < 3; c++) {
        double w = weights.getDouble(n, c, 0, 0);
        double sum = 0;
        for (int y = 0; y < 4; y++) {
          for (int z = 0; z < 5; z++) {
            assertEquals(x.getDouble(n, c, y, z) * w, out.getDouble(n, c, y, z), 1e-6);
            assertEquals(epsilon.getDouble(n, c, y, z) * w,
                back.getSecond()[0].getDouble(n, c, y, z), 1e-6);
            sum += epsilon.getDouble(n, c, y, z) * x.getDouble(n, c, y, z);
          }
        }
        assertEquals(sum, back.getSecond()[1].getDouble(n, c, 0, 0), 1e-4);
      }
    }
  }

  /** A squeeze-and-excitation unit in double precision around the vertex. */
  private static ComputationGraphConfiguration excitation(DataType type) {
    return new NeuralNetConfiguration.Builder()
        .seed(7)
        .dataType(type)
        .updater(new NoOp())
        .graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.convolutional(3, 4, 4))
        .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG)
            .collapseDimensions(false).build(), "input")
        .addLayer("reduce", new ConvolutionLayer.Builder(1, 1).nOut(2)
            .activation(Activation.RELU).build(), "pool")
        .addLayer("expand", new ConvolutionLayer.Builder(1, 1).nOut(4)
            .activation(Activation.IDENTITY).build(), "reduce")
        .addLayer("gate", new ActivationLayer.Builder().activation(Activation.SIGMOID).build(),
            "expand")
        .addVertex("scale", new ChannelScaleVertex(), "input", "gate")
        .addLayer("head", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "scale")
        .addLayer("output", new OutputLayer.Builder(LossFunction.MSE).nOut(2)
            .activation(Activation.IDENTITY).build(), "head")
        .setOutputs("output")
        .build();
  }

  @Test
  void passesDeeplearning4jGradientCheckInASqueezeExcitationUnit() {
    ComputationGraph graph = new ComputationGraph(excitation(DataType.DOUBLE));
    graph.init();
    GradientChecks.assertPasses(graph, new long[] {2, 4, 3, 4}, 2);
  }

  @Test
  void outputTypeIsTheActivationsAndRefusesWeightsOfOtherChannels() {
    ChannelScaleVertex vertex = new ChannelScaleVertex();
    assertEquals(InputType.convolutional(5, 4, 8), vertex.getOutputType(0,
        InputType.convolutional(5, 4, 8), InputType.convolutional(1, 1, 8)));
    assertThrows(InvalidInputTypeException.class, () -> vertex.getOutputType(0,
        InputType.convolutional(5, 4, 8), InputType.convolutional(1, 1, 4)));
    assertThrows(InvalidInputTypeException.class, () -> vertex.getOutputType(0,
        InputType.convolutional(5, 4, 8), InputType.feedForward(8)));
    assertEquals(0, vertex.numParams(true));
  }

  @Test
  void survivesTheJsonOfItsConfiguration() {
    ComputationGraphConfiguration configuration = excitation(DataType.FLOAT);
    String json = configuration.toJson();
    assertTrue(json.contains("\"@class\" : \"dev.resdsl.runtime.graph.ChannelScaleVertex\""),
        json);
    ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
    assertEquals(new ChannelScaleVertex(), back.getVertices().get("scale"));
    assertEquals(json, back.toJson());
  }
}
