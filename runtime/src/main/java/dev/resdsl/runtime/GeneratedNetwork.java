package dev.resdsl.runtime;

import dev.resdsl.model.plan.LayerPlan;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network that the ResDSL annotation processor generated from a spec, built and ready to run.
 *
 * <p>Generated classes also have {@code static create(long seed)} and {@code static load(Path)}
 * factories, the constants {@code TRAINABLE_PARAMETERS}, {@code MULTIPLY_ADDS}, {@code INPUT},
 * {@code OUTPUT}, and a typed {@code features(Stage, INDArray)}.
 */
public interface GeneratedNetwork {
  /** What the compiler inferred: name, shapes, counts, stages. */
  NetworkDescription description();

  /** The generated class's simple name, such as {@code "ResNet20"}. */
  default String name() {
    return description().name();
  }

  /**
   * Every layer of the network with its name, role, shapes and parameters, as the compiler
   * planned it: what the graph was lowered from, and what the engine, the summary and weight
   * import read.
   */
  LayerPlan plan();

  /** The Deeplearning4j graph this network runs. */
  ComputationGraph graph();

  /**
   * Class probabilities for a batch of images.
   *
   * @param images floating-point NCHW images {@code [N, channels, height, width]} of the input shape
   * @return softmax output {@code [N, classes]}
   * @throws IllegalArgumentException if the images have another shape, naming both shapes
   */
  INDArray predict(INDArray images);

  /**
   * Writes the weights, the updater state and the architecture to {@code file}, through a
   * temporary file in the same folder renamed into place, so that an existing file is replaced
   * whole or not at all.
   */
  void save(Path file) throws IOException;
}
