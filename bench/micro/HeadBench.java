package dev.resdsl.runtime.exec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.factory.Nd4j;
/**
 * The head of ResNet-20 at batch 128 both ways, alternating in one JVM, 40 times: {@link
 * PooledDense} and softmax against libnd4j's mean, product, bias and softmax (a throwaway
 * measurement for BENCHMARKS.md, compiled beside the runtime's classes for package access).
 */
public class HeadBench {
  public static void main(String[] a) {
    var x = Nd4j.rand(DataType.FLOAT, 128, 8, 8, 64);
    var w = Nd4j.rand(DataType.FLOAT, 10, 64).transpose();
    var b = Nd4j.rand(DataType.FLOAT, 10);
    var pd = new PooledDense(OneDnn.get(), new long[] {64, 8, 8}, w, b);
    var out = Nd4j.create(DataType.FLOAT, 128, 10);
    var pooled = Nd4j.create(DataType.FLOAT, 128, 64);
    for (int r = 0; r < 40; r++) {
      long t = System.nanoTime();
      pd.run(x, out); Ops.softmax(out, out);
      long t1 = System.nanoTime();
      Nd4j.exec(new Mean(x, pooled, 1, 2));
      var logits = pooled.mmul(w).addiRowVector(b.reshape(1, 10));
      Ops.softmax(logits, out);
      long t2 = System.nanoTime();
      System.out.printf("oneDNN %.2f ms, nd4j %.2f ms%n", (t1 - t) / 1e6, (t2 - t1) / 1e6);
    }
  }
}
