/** Measures a network on labelled images: top-1 and top-5 accuracy and the confusion matrix. */
package dev.resdsl.runtime.eval;
