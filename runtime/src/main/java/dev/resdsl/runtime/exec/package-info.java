/**
 * The fast execution path: a generated network's Deeplearning4j graph compiled to a straight
 * sequence of ND4J operations over preallocated buffers, for inference (batch norm folded into the
 * convolutions) and for training (forward, backward and the graph's own updater), bypassing DL4J's
 * per-layer machinery while reading and writing the graph's own parameters.
 */
package dev.resdsl.runtime.exec;
