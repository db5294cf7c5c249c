package dev.resdsl.runtime.exec;

import java.nio.FloatBuffer;
import org.bytedeco.dnnl.dnnl_blocking_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A copy in Java between a small dense c-order array (a convolution's weights as DL4J holds them)
 * and the same values in one of oneDNN's blocked layouts, by a table of where each value goes.
 * oneDNN's {@code reorder} does the same on its threads, but on a few thousand values the
 * fork-join costs more than the copy, and more again on cores other work shares (BENCHMARKS:
 * about 4 ms a weight reorder under load, three a convolution a training step).
 */
final class BlockedCopy {
  private final int[] offsets;
  private final long bytes;

  private BlockedCopy(int[] offsets, long bytes) {
    this.offsets = offsets;
    this.bytes = bytes;
  }

  /**
   * The copy into {@code blocked} of values in c order over its logical dimensions, or null when
   * that layout is not a plain blocked one without padding (then a reorder does it).
   */
  static BlockedCopy of(memory.desc blocked) {
    dnnl_memory_desc_t d = blocked.data();
    if (d.format_kind() != dnnl.dnnl_blocked || d.offset0() != 0) {
      return null;
    }
    int ndims = d.ndims();
    long[] dims = new long[ndims];
    long count = 1;
    for (int i = 0; i < ndims; i++) {
      dims[i] = d.dims().get(i);
      if (d.padded_dims().get(i) != dims[i] || d.padded_offsets().get(i) != 0) {
        return null;
      }
      count *= dims[i];
    }
    if (count > Integer.MAX_VALUE / 2) {
      return null;
    }
    dnnl_blocking_desc_t blocking = d.format_desc_blocking();
    int blocks = blocking.inner_nblks();
    int[] offsets = new int[(int) count];
    long[] position = new long[ndims];
    for (int logical = 0; logical < count; logical++) {
      long rest = logical;
      for (int i = ndims - 1; i >= 0; i--) {
        position[i] = rest % dims[i];
        rest /= dims[i];
      }
      // oneDNN's own rule (memory_desc_wrapper::off_v): the innermost blocks first, then the
      // outer dimensions by their strides.
      long offset = 0;
      long blockStride = 1;
      for (int b = blocks - 1; b >= 0; b--) {
        int dim = (int) blocking.inner_idxs().get(b);
        long size = blocking.inner_blks().get(b);
        offset += position[dim] % size * blockStride;
        position[dim] /= size;
        blockStride *= size;
      }
      for (int i = 0; i < ndims; i++) {
        offset += position[i] * blocking.strides().get(i);
      }
      offsets[logical] = Math.toIntExact(offset);
    }
    return new BlockedCopy(offsets, blocked.get_size());
  }

  /** c-order values at {@code from} into the blocked layout at {@code to}. */
  void toBlocked(Pointer from, Pointer to) {
    FloatBuffer source = floats(from, offsets.length);
    FloatBuffer target = floats(to, bytes / Float.BYTES);
    for (int i = 0; i < offsets.length; i++) {
      target.put(offsets[i], source.get(i));
    }
  }

  /** The blocked layout's values at {@code from} into c order at {@code to}. */
  void fromBlocked(Pointer from, Pointer to) {
    FloatBuffer source = floats(from, bytes / Float.BYTES);
    FloatBuffer target = floats(to, offsets.length);
    for (int i = 0; i < offsets.length; i++) {
      target.put(i, source.get(offsets[i]));
    }
  }

  private static FloatBuffer floats(Pointer at, long count) {
    return new FloatPointer(at).capacity(count).asBuffer();
  }
}
