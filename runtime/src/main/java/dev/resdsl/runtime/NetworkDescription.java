package dev.resdsl.runtime;

import java.util.List;

/**
 * What the compiler knows of a generated network: its name, shapes, counts and architecture.
 *
 * @param name the generated class's simple name, such as {@code "ResNet50"}
 * @param input the shape of one input image
 * @param output {@code (classes, 1, 1)}
 * @param trainableParameters weights, biases, batch-norm gamma and beta
 * @param multiplyAdds multiply-adds of one image's forward pass (convolutions and dense layer)
 * @param architecture a canonical one-line description of every choice that shapes the
 *     weights; two networks with the same architecture can exchange checkpoints
 * @param stages the stem (if any) and the stages, in order
 */
public record NetworkDescription(
    String name,
    Shape input,
    Shape output,
    long trainableParameters,
    long multiplyAdds,
    String architecture,
    List<StageDescription> stages) {

  /** Copies the stage list so that the description stays immutable. */
  public NetworkDescription {
    stages = List.copyOf(stages);
  }

  /** The number of classes of the softmax output. */
  public int classes() {
    return output.channels();
  }
}
