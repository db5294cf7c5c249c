package dev.resdsl.runtime.exec;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float buffers by slot, shared by the oneDNN primitives of one training step: what a primitive
 * holds only while it runs (an activation in oneDNN's layout, between its reorders) lies in a
 * slot, so that a network needs one such buffer a slot rather than one a layer.
 */
final class Scratch {
  private final INDArray[] slots;

  Scratch(int slots) {
    this.slots = new INDArray[slots];
  }

  /**
   * The address of slot {@code slot}, at least {@code bytes} long. Growing replaces the buffer,
   * so callers ask again before every use rather than keep the address.
   */
  Pointer at(int slot, long bytes) {
    long floats = (bytes + Float.BYTES - 1) / Float.BYTES;
    if (slots[slot] == null || slots[slot].length() < floats) {
      slots[slot] = Nd4j.createUninitialized(DataType.FLOAT, floats);
    }
    return OneDnn.at(slots[slot]);
  }
}
