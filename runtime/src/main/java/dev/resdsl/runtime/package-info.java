/**
 * The types every other runtime package builds on: what a generated network is ({@link
 * dev.resdsl.runtime.GeneratedNetwork}), the compiler's description of it, the factories and
 * catalogue that find generated networks, and checkpoint files; plus {@link
 * dev.resdsl.runtime.Weights}, the entry point for imported weights. The base class of generated
 * networks is {@link dev.resdsl.runtime.network.ResidualNetwork}.
 */
package dev.resdsl.runtime;
