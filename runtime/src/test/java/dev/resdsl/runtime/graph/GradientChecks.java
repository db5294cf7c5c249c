package dev.resdsl.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Deeplearning4j's numerical gradient check of a double-precision graph, as the tests run it. */
final class GradientChecks {
  private GradientChecks() {}

  /** Asserts that {@code graph}'s gradients on random inputs and labels pass the check. */
  static void assertPasses(ComputationGraph graph, long[] inputShape, int outputs) {
    INDArray input = Nd4j.rand(DataType.DOUBLE, inputShape);
    INDArray labels = Nd4j.rand(DataType.DOUBLE, inputShape[0], outputs);
    // GradientCheckUtil also insists on ND4J's default type being double.
    DataType defaultType = Nd4j.defaultFloatingPointType();
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    try {
      assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
          .net(graph)
          .inputs(new INDArray[] {input})
          .labels(new INDArray[] {labels})
          .epsilon(1e-6)
          .maxRelError(1e-3)
          .minAbsoluteError(1e-8)));
    } finally {
      Nd4j.setDefaultDataTypes(defaultType, defaultType);
    }
  }
}
