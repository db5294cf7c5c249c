package dev.resdsl.cli.degradation;

/**
 * One point of an error curve.
 *
 * @param iteration the step it was taken at, counted from 1
 * @param epoch the same step in epochs, fractional
 * @param error the fraction of images misclassified
 */
public record CurvePoint(long iteration, double epoch, double error) {}
