/**
 * The paper's degradation experiment (its Figures 1 and 6) on Fashion-MNIST: plain and residual
 * networks of 20 and 56 layers trained alike, their training and test error curves written as CSV
 * and drawn as a figure.
 */
package dev.resdsl.cli.degradation;
