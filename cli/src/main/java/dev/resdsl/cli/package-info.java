/**
 * The {@code resdsl} command line: list, summary, train, eval, predict, bench, export, demo and
 * degradation, each a command class; a bad argument or input ends with one line and status 2.
 */
package dev.resdsl.cli;
