package dev.resdsl.runtime.exec;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float buffers for the values of one batch size, some shared between values whose lifetimes do
 * not overlap: each value is an NCHW view over the start of its buffer.
 */
final class Buffers {
  private final int batch;
  private final INDArray[] views;

  /**
   * @param shapes each value's shape for one example; null for a value that has no buffer
   * @param bufferOf each value's buffer, or -1
   */
  Buffers(int batch, long[][] shapes, int[] bufferOf) {
    this.batch = batch;
    int buffers = Arrays.stream(bufferOf).max().orElse(-1) + 1;
    long[] capacity = new long[buffers];
    for (int v = 0; v < shapes.length; v++) {
      if (bufferOf[v] >= 0) {
        capacity[bufferOf[v]] = Math.max(capacity[bufferOf[v]], length(shapes[v]) * batch);
      }
    }
    DataBuffer[] data = new DataBuffer[buffers];
    for (int b = 0; b < buffers; b++) {
      data[b] = Nd4j.createBuffer(DataType.FLOAT, capacity[b], false);
    }
    views = new INDArray[shapes.length];
    for (int v = 0; v < shapes.length; v++) {
      if (bufferOf[v] >= 0) {
        long[] shape = withBatch(batch, shapes[v]);
        views[v] = Nd4j.create(data[bufferOf[v]], shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
      }
    }
  }

  int batch() {
    return batch;
  }

  /** The buffer view of value {@code v}. */
  INDArray get(int v) {
    return views[v];
  }

  /** {@code [batch, shape...]}. */
  static long[] withBatch(int batch, long[] shape) {
    long[] full = new long[shape.length + 1];
    full[0] = batch;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return full;
  }

  static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
