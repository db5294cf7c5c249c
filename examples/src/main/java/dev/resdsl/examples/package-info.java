/**
 * The paper's networks declared with the ResDSL annotations: the ImageNet family (ResNet-18 to
 * ResNet-152 with torchvision's conventions, and the plain 18 and 34) and the CIFAR-10 family
 * (ResNet-20 to ResNet-1202 with option A shortcuts, and their plain twins). Each spec pins its
 * parameter count, so the compiler checks it against torchvision's and the paper's.
 */
package dev.resdsl.examples;
