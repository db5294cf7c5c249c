/**
 * Layer-by-layer summaries of built networks, read from their Deeplearning4j graphs, as text
 * tables, Graphviz and Mermaid diagrams.
 */
package dev.resdsl.runtime.summary;
