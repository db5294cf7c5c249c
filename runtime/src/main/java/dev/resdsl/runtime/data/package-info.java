/**
 * Data for training and evaluating generated networks: the sources ({@link
 * dev.resdsl.runtime.data.DataSources}: built-in synthetic images, Fashion-MNIST, CIFAR-10, image
 * folders; nothing is downloaded), images held compactly in memory ({@link
 * dev.resdsl.runtime.data.ImageDataset}) in the model's input shape, and Deeplearning4j
 * mini-batches normalised and augmented as the paper's CIFAR-10 experiments do ({@link
 * dev.resdsl.runtime.data.Batches}).
 */
package dev.resdsl.runtime.data;
