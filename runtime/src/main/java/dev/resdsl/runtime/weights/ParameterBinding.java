package dev.resdsl.runtime.weights;

import java.util.List;
import java.util.Objects;

/**
 * What a network expects of one named tensor in a weights file, and where it goes: a parameter of a
 * Deeplearning4j layer, or nowhere (a tensor that is accepted but not used).
 *
 * @param name the tensor's name in the file, such as {@code "layer1.0.conv1.weight"}
 * @param shape the shape the tensor must have in the file
 * @param presence whether the tensor must be there
 * @param layer the graph vertex of the layer whose parameter it sets; {@code null} if ignored
 * @param parameter the Deeplearning4j parameter key ({@code "W"}, {@code "gamma"}, ...); {@code
 *     null} if ignored
 * @param transposed whether the file holds the parameter's transpose (a dense layer's weights are
 *     {@code [out, in]} in PyTorch, {@code [in, out]} in Deeplearning4j)
 */
public record ParameterBinding(
    String name,
    List<Long> shape,
    Presence presence,
    String layer,
    String parameter,
    boolean transposed) {

  /** Whether a tensor must be in the file, and what is done without it. */
  public enum Presence {
    /** The tensor must be there. */
    REQUIRED,
    /** The tensor may be missing; the parameter is then set to zero (an absent bias). */
    OPTIONAL,
    /** The tensor may be there (in any dtype, of its shape) and is not read. */
    IGNORED
  }

  /** Checks that every binding but an ignored one names its parameter. */
  public ParameterBinding {
    Objects.requireNonNull(name, "name");
    shape = List.copyOf(shape);
    Objects.requireNonNull(presence, "presence");
    if (presence != Presence.IGNORED
        && (Objects.requireNonNull(layer, "layer").isEmpty()
            || Objects.requireNonNull(parameter, "parameter").isEmpty())) {
      throw new IllegalArgumentException(name + ": a used tensor needs a layer and a parameter");
    }
  }

  /** A tensor that must be there and is copied into {@code layer}'s {@code parameter}. */
  public static ParameterBinding required(
      String name, List<Long> shape, String layer, String parameter) {
    return new ParameterBinding(name, shape, Presence.REQUIRED, layer, parameter, false);
  }

  /** A required tensor stored as the transpose of {@code layer}'s {@code parameter}. */
  public static ParameterBinding requiredTransposed(
      String name, List<Long> shape, String layer, String parameter) {
    return new ParameterBinding(name, shape, Presence.REQUIRED, layer, parameter, true);
  }

  /** A tensor that may be missing, in which case {@code layer}'s {@code parameter} is zeroed. */
  public static ParameterBinding optional(
      String name, List<Long> shape, String layer, String parameter) {
    return new ParameterBinding(name, shape, Presence.OPTIONAL, layer, parameter, false);
  }

  /** A tensor that the file may hold, of this shape, and that is not used. */
  public static ParameterBinding ignored(String name, List<Long> shape) {
    return new ParameterBinding(name, shape, Presence.IGNORED, null, null, false);
  }
}
