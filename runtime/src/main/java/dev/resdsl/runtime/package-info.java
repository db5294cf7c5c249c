/**
 * What generated networks run on: their common base {@link dev.resdsl.runtime.ResidualNetwork}, the
 * compiler's description of them, and checkpoints.
 */
package dev.resdsl.runtime;
