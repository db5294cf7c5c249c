package dev.resdsl.runtime;

/**
 * One stage of a generated network as the compiler inferred it.
 *
 * @param name the stage's name in the spec: {@code "stem"}, {@code "stage1"}, {@code "conv2"}...
 * @param vertex the name of the graph vertex whose activations are the stage's output
 * @param output the stage's output shape
 */
public record StageDescription(String name, String vertex, Shape output) {}
