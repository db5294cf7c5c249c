/**
 * Weights from other frameworks: a reader for the safetensors format, and the mapping of
 * torchvision's ResNet state dict onto generated networks that {@link dev.resdsl.runtime.Weights}
 * applies.
 */
package dev.resdsl.runtime.weights;
