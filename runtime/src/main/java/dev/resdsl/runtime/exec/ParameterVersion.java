package dev.resdsl.runtime.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tells whether a float array's contents changed since the last look, by a 64-bit hash of every
 * value's bits. Hashed in Java, one pass without native calls, where refolding every batch norm
 * into its convolution and reordering the weights for oneDNN costs dozens of native calls on each
 * inference.
 *
 * <p>The pass reads two floats at a time into four independent hashes, so that it runs at about
 * the speed of memory rather than of one chain of multiplications: for ResNet-50's 25.6 M
 * parameters one chain took about 8% of an inference at batch 16 (JFR). Each step of a chain,
 * {@code h = (h ^ bits) * odd + i}, is a bijection of {@code h}, so a change of any one value
 * always changes the hash; the added position makes a swap of two values change it too.
 */
final class ParameterVersion {
  private static final long MULTIPLIER = 0x100000001B3L;
  private static final int LANES = 4;

  private final INDArray array;
  private long hash;
  private boolean seen;

  /** @param array dense, read from its offset for its length */
  ParameterVersion(INDArray array) {
    this.array = array;
  }

  /** Whether the contents differ from the last call's (true on the first call). */
  boolean changed() {
    long now = hash();
    boolean changed = !seen || now != hash;
    hash = now;
    seen = true;
    return changed;
  }

  private long hash() {
    int offset = Math.toIntExact(array.offset());
    int length = Math.toIntExact(array.length());
    ByteBuffer bytes = array.data().asNio();
    bytes.limit((offset + length) * Float.BYTES).position(offset * Float.BYTES);
    LongBuffer pairs = bytes.slice().order(ByteOrder.nativeOrder()).asLongBuffer();
    int n = pairs.remaining();
    long h0 = 0x9E3779B97F4A7C15L;
    long h1 = h0 + 1;
    long h2 = h0 + 2;
    long h3 = h0 + 3;
    int i = 0;
    for (; i + LANES <= n; i += LANES) {
      h0 = (h0 ^ pairs.get(i)) * MULTIPLIER + i;
      h1 = (h1 ^ pairs.get(i + 1)) * MULTIPLIER + i;
      h2 = (h2 ^ pairs.get(i + 2)) * MULTIPLIER + i;
      h3 = (h3 ^ pairs.get(i + 3)) * MULTIPLIER + i;
    }
    for (; i < n; i++) {
      h0 = (h0 ^ pairs.get(i)) * MULTIPLIER + i;
    }
    if (length % 2 == 1) { // the last float, which no pair holds
      h0 = (h0 ^ Float.floatToRawIntBits(array.data().asNioFloat().get(offset + length - 1)))
          * MULTIPLIER;
    }
    return ((h0 * MULTIPLIER + h1) * MULTIPLIER + h2) * MULTIPLIER + h3;
  }
}
