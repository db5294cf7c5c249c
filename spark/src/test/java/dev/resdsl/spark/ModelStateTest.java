package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.train.OptimizerSetup;
import dev.resdsl.runtime.train.TrainingConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** What workers average, copied in and out of real DL4J graphs and through Java serialisation. */
class ModelStateTest {
  /** A configured network whose parameters and momentum are drawn from {@code seed}. */
  private static ComputationGraph graph(long seed) {
    SmallResNet network = SmallResNet.create(seed);
    OptimizerSetup.configure(network.graph(), TrainingConfig.paper(1));
    ComputationGraph graph = network.graph();
    Nd4j.getRandom().setSeed(seed);
    graph.getUpdater(true).getStateViewArray()
        .assign(Nd4j.rand(graph.getUpdater(true).getStateViewArray().shape()));
    return graph;
  }

  private static ModelState serialisedAndBack(ModelState state)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ModelState) in.readObject();
    }
  }

  @Test
  void aGraphsParametersAndMomentumSurviveSerialisationBitForBit() throws Exception {
    ComputationGraph from = graph(1);
    ComputationGraph to = graph(2);
    float[] momentum = from.getUpdater(true).getStateViewArray().toFloatVector();
    assertTrue(momentum.length > 0 && momentum[0] != 0f, "the test needs momentum to copy");

    serialisedAndBack(ModelState.of(from)).writeTo(to);

    assertArrayEquals(from.params().toFloatVector(), to.params().toFloatVector());
    assertArrayEquals(momentum, to.getUpdater(true).getStateViewArray().toFloatVector());
  }

  @Test
  void theMeanOfTwoStatesIsTheirElementwiseMean() {
    ComputationGraph a = graph(3);
    ComputationGraph b = graph(4);
    float[] expected = a.params().add(b.params()).divi(2).toFloatVector();

    ModelState.of(a).add(ModelState.of(b)).divide(2).writeTo(a);

    float[] mean = a.params().toFloatVector();
    assertEquals(expected.length, mean.length);
    assertArrayEquals(expected, mean, 1e-7f);
  }
}
