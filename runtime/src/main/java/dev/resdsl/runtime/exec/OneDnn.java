package dev.resdsl.runtime.exec;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's oneDNN 2.5 CPU engine, from JavaCPP's preset, which loads beside
 * libnd4j (and its own oneDNN 2.3) and works on memory that ND4J allocates. Absent when {@code
 * -Dresdsl.fast.onednn=false} or when its native library does not load; callers then keep to
 * libnd4j's ops.
 */
final class OneDnn {
  /** System property: {@code false} keeps the engine's convolutions on libnd4j's ops. */
  static final String PROPERTY = "resdsl.fast.onednn";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
  private static volatile OneDnn instance;
  private static volatile boolean tried;

  final engine engine;

  private OneDnn() {
    engine = new engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
  }

  /** A stream of its own for a caller: one stream must not run on two threads at once. */
  stream newStream() {
    return new stream(engine);
  }

  /**
   * The engine, or null when {@code -Dresdsl.fast.onednn=false} now or when it cannot load
   * (logged once); the property is read on every call, so that a test may compare both paths.
   */
  static OneDnn get() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
      return null;
    }
    if (!tried) {
      synchronized (OneDnn.class) {
        if (!tried) {
          try {
            instance = new OneDnn();
          } catch (RuntimeException | LinkageError e) {
            LOG.warn("oneDNN's preset did not load, convolutions stay on libnd4j: {}",
                e.toString());
          }
          tried = true;
        }
      }
    }
    return instance;
  }

  /**
   * A convolution's weights as oneDNN's logical dimensions: DL4J's {@code [out, in / g, k, k]} in
   * c order is oneDNN's {@code goihw} {@code [g, out / g, in / g, k, k]} as it is.
   */
  static long[] weightDimensions(long in, long out, int kernel, int groups) {
    return groups == 1 ? new long[] {out, in, kernel, kernel}
        : new long[] {groups, out / groups, in / groups, kernel, kernel};
  }

  /** The tag of DL4J's weights in {@link #weightDimensions}' dimensions. */
  static memory.format_tag weightTag(int groups) {
    return groups == 1 ? memory.format_tag.oihw : memory.format_tag.goihw;
  }

  /** Float activations of {@code n} examples of {@code [C, H, W]} ({@code any}: oneDNN's choice). */
  static memory.desc activations(int n, long[] chw, memory.format_tag tag) {
    // oneDNN's logical dimensions are always NCHW; the tag says how the memory lies.
    return new memory.desc(new long[] {n, chw[0], chw[1], chw[2]}, memory.data_type.f32, tag);
  }

  /** The address of {@code array}'s first float, for a oneDNN memory's handle. */
  static Pointer at(INDArray array) {
    return at(array, 0);
  }

  /** The address of the float {@code floats} after {@code array}'s first. */
  static Pointer at(INDArray array, long floats) {
    if (array.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("oneDNN memory here is float, not " + array.dataType());
    }
    // Not named "address": inside the subclass, that name is the field, not this local.
    long first = array.data().address() + (array.offset() + floats) * Float.BYTES;
    return new Pointer() {
      {
        address = first;
      }
    };
  }
}
