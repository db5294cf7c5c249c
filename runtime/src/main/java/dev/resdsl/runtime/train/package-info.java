/**
 * Training with the paper's recipe: configuration, the loop with its schedule and measurements,
 * progress, metrics, plot and checkpoints.
 */
package dev.resdsl.runtime.train;
