/**
 * Lowers a network's layer plan to a Deeplearning4j graph, the executable reference that
 * checkpoints, the updater and Spark use, with the paper's parameter-free zero-padding shortcut
 * as a custom graph vertex.
 */
package dev.resdsl.runtime.graph;
