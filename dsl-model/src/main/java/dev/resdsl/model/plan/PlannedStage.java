package dev.resdsl.model.plan;

import dev.resdsl.runtime.Shape;

/**
 * The stem or a stage of a plan.
 *
 * @param name its name in the spec: {@code stem}, {@code stage1}, {@code conv2}, ...
 * @param layer the layer whose output is the stage's output
 * @param output the stage's output shape
 */
public record PlannedStage(String name, String layer, Shape output) {}
