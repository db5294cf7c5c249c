package dev.resdsl.runtime.exec;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks that a reshaped parameter still writes into the graph's own memory. */
final class Views {
  private Views() {}

  /** Whether {@code a} and {@code b} start at the same address. */
  static boolean sameMemory(INDArray a, INDArray b) {
    return a.data().address() + a.offset() * a.data().getElementSize()
        == b.data().address() + b.offset() * b.data().getElementSize();
  }
}
