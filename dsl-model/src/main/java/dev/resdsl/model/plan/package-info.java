/**
 * The typed layer plan of a network: every layer with its name, operation, role in the network,
 * inputs, shapes and parameter shapes. Generated classes build it; the Deeplearning4j lowering,
 * the fast engine, the summary, weight import and the error meter read it.
 */
package dev.resdsl.model.plan;
