/** The ND4J backend and native build this process runs on, and how ResDSL's layers use it. */
package dev.resdsl.runtime.backend;
