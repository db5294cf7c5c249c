package dev.resdsl.runtime.exec;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.reduce3.Dot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-channel sums of NCHW arrays, and per-channel vectors written from Java.
 *
 * <p>ND4J reduces over dimensions (0, 2, 3) by walking each channel's scattered rows; reducing
 * the {@code [N * C, H * W]} view along its contiguous rows and adding the N partial sums in Java
 * is faster. The per-channel arithmetic of batch norm is done in Java too: on vectors of a few
 * dozen channels a native op costs more in calling than in computing.
 */
final class ChannelStatistics {
  private ChannelStatistics() {}

  /** The sum of each channel of NCHW {@code x}, into {@code rows} ({@code [N * C]}). */
  static double[] sum(INDArray x, INDArray rows) {
    Nd4j.exec(new Sum(asRows(x), rows, 1));
    return perChannel(rows, x.size(0), x.size(1));
  }

  /** The sum of {@code x * y} over each channel. */
  static double[] dot(INDArray x, INDArray y, INDArray rows) {
    Nd4j.exec(new Dot(asRows(x), asRows(y), rows, 1));
    return perChannel(rows, x.size(0), x.size(1));
  }

  /** Writes {@code values} into {@code vector}'s memory, which may be a view of a larger array. */
  static void write(INDArray vector, double[] values) {
    FloatBuffer memory = vector.data().asNioFloat();
    int offset = Math.toIntExact(vector.offset());
    int stride = Math.toIntExact(vector.length() == 1 ? 1 : vector.stride(vector.rank() - 1));
    for (int i = 0; i < values.length; i++) {
      memory.put(offset + i * stride, (float) values[i]);
    }
  }

  private static INDArray asRows(INDArray x) {
    return x.reshape('c', x.size(0) * x.size(1), x.length() / (x.size(0) * x.size(1)));
  }

  private static double[] perChannel(INDArray rows, long batch, long channels) {
    float[] partial = rows.toFloatVector();
    double[] total = new double[(int) channels];
    for (int n = 0; n < batch; n++) {
      for (int c = 0; c < channels; c++) {
        total[c] += partial[(int) (n * channels + c)];
      }
    }
    return total;
  }
}
