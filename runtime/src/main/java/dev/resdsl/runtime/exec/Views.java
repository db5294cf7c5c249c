package dev.resdsl.runtime.exec;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks on how an array lies in memory, before native code reads it by address. */
final class Views {
  private Views() {}

  /** Whether {@code a} and {@code b} start at the same address. */
  static boolean sameMemory(INDArray a, INDArray b) {
    return a.data().address() + a.offset() * a.data().getElementSize()
        == b.data().address() + b.offset() * b.data().getElementSize();
  }

  /** Whether {@code a} and {@code b} are the same memory: same start, same length. */
  static boolean sameArray(INDArray a, INDArray b) {
    return a.length() == b.length() && sameMemory(a, b);
  }

  /** Whether {@code a} is dense in c order, as a oneDNN memory over its address reads it. */
  static boolean isPlain(INDArray a) {
    return a.ordering() == 'c'
        && java.util.Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
  }
}
