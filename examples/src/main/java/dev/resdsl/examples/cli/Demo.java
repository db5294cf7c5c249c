package dev.resdsl.examples.cli;

import dev.resdsl.examples.ResNet20;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.graph.ResidualGraphBuilder;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code resdsl demo}: the CIFAR ResNet-20 that {@code ResNet20Spec} declares, as the compiler
 * checked it and as Deeplearning4j runs it. Training on the built-in data set joins the demo
 * with the training runtime.
 */
final class Demo {
  private static final int BATCH = 16;

  private Demo() {}

  static void run(PrintStream out) {
    out.println("ResNet20, declared in ResNet20Spec and checked by javac:");
    out.printf(Locale.ROOT, "  %,d trainable parameters (the paper's 0.27M), %,d multiply-adds"
        + " per image%n", ResNet20.TRAINABLE_PARAMETERS, ResNet20.MULTIPLY_ADDS);
    ResNet20 network = ResNet20.create(42);
    Map<String, Shape> inferred = ResidualGraphBuilder.activationShapes(
        network.graph().getConfiguration(), ResNet20.INPUT);
    out.println("  stage      compiler    Deeplearning4j");
    for (ResNet20.Stage stage : ResNet20.Stage.values()) {
      out.printf(Locale.ROOT, "  %-10s %-11s %s%n", stage.stageName(), stage.output(),
          inferred.get(stage.vertex()));
    }
    INDArray images = Nd4j.rand(DataType.FLOAT, ResNet20.INPUT.batchOf(BATCH));
    network.predict(images);
    long start = System.nanoTime();
    INDArray probabilities = network.predict(images);
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "Forward pass of %d random images: output %s, rows sum to %.4f,"
        + " %.0f images/s (untuned DL4J path)%n", BATCH,
        java.util.Arrays.toString(probabilities.shape()),
        probabilities.sum(1).meanNumber().doubleValue(), BATCH / seconds);
  }
}
