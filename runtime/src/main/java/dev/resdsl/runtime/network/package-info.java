/**
 * The base class of every generated network: its description, layer plan and Deeplearning4j
 * graph, with prediction on the fast engine, features, save and load. It sits above the engine,
 * the graph and checkpoints, so that the root package's types stay at the bottom.
 */
package dev.resdsl.runtime.network;
