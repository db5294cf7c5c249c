/**
 * Builds the Deeplearning4j graph of a residual network block by block, with the paper's
 * parameter-free zero-padding shortcut as a custom graph vertex.
 */
package dev.resdsl.runtime.graph;
