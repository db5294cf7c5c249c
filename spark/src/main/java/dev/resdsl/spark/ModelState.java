package dev.resdsl.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What workers average: a graph's parameters, which in Deeplearning4j include the batch norms'
 * running means and variances, and its updater's state (momentum), as plain arrays that Spark
 * serialises in bulk.
 *
 * <p>Every copy in and out is a bulk copy of memory: a round moves the state five times (the
 * broadcast, two workers' results, their sum into the driver's graph), and element-by-element
 * copies and Java serialisation's float-by-float writes kept the JIT compiler busy on two cores
 * that the workers need.
 */
final class ModelState implements Serializable {
  private static final long serialVersionUID = 2L;

  private transient float[] parameters;
  private transient float[] updater;

  private ModelState(float[] parameters, float[] updater) {
    this.parameters = parameters;
    this.updater = updater;
  }

  /** A copy of {@code graph}'s state. */
  static ModelState of(ComputationGraph graph) {
    INDArray state = graph.getUpdater(true).getStateViewArray();
    return new ModelState(read(graph.params()),
        state == null ? new float[0] : read(state));
  }

  /** Writes this state into {@code graph}, whose updater must have the same size of state. */
  void writeTo(ComputationGraph graph) {
    write(graph.params(), parameters);
    if (updater.length > 0) {
      write(graph.getUpdater(true).getStateViewArray(), updater);
    }
  }

  /** Adds {@code other} into this state, element by element; returns this state. */
  ModelState add(ModelState other) {
    addInto(parameters, other.parameters);
    addInto(updater, other.updater);
    return this;
  }

  /** This state divided by {@code count}, in place: the mean of {@code count} added states. */
  ModelState divide(int count) {
    float inverse = 1f / count;
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] *= inverse;
    }
    for (int i = 0; i < updater.length; i++) {
      updater[i] *= inverse;
    }
    return this;
  }

  private static void addInto(float[] sum, float[] value) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += value[i];
    }
  }

  /** {@code view}'s values in its flat order, which for these flat views is its memory's. */
  private static float[] read(INDArray view) {
    float[] values = new float[Math.toIntExact(view.length())];
    memory(view).get(values);
    return values;
  }

  private static void write(INDArray view, float[] values) {
    if (values.length != view.length()) {
      throw new IllegalArgumentException("a state of " + values.length + " values cannot be"
          + " written into " + view.length());
    }
    memory(view).put(values);
  }

  /**
   * {@code view}'s memory, from its first element; DL4J keeps parameters and updater state as
   * dense vectors, so a strided one is a change of DL4J's that this must not misread.
   */
  private static FloatBuffer memory(INDArray view) {
    if (view.length() > 1 && view.stride(view.rank() - 1) != 1) {
      throw new IllegalStateException("expected a dense vector, got strides "
          + Arrays.toString(view.stride()));
    }
    FloatBuffer memory = view.data().asNioFloat();
    memory.position(Math.toIntExact(view.offset()));
    return memory;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    writeFloats(out, parameters);
    writeFloats(out, updater);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    parameters = readFloats(in);
    updater = readFloats(in);
  }

  private static void writeFloats(ObjectOutputStream out, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    out.writeInt(values.length);
    out.write(bytes.array());
  }

  private static float[] readFloats(ObjectInputStream in) throws IOException {
    int length = in.readInt();
    byte[] bytes = new byte[Math.multiplyExact(length, Float.BYTES)];
    in.readFully(bytes);
    float[] values = new float[length];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
