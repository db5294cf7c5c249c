package dev.resdsl.runtime.exec;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@link ParameterVersion} over ResNet-50's 25.6 M parameters, 8 calls (a throwaway
 * measurement for BENCHMARKS.md, compiled beside the runtime's classes for package access).
 */
public class HashBench {
  public static void main(String[] args) {
    var parameters = Nd4j.rand(DataType.FLOAT, 25_557_032);
    var version = new ParameterVersion(parameters);
    for (int r = 0; r < 8; r++) {
      long start = System.nanoTime();
      version.changed();
      System.out.printf("%.1f ms%n", (System.nanoTime() - start) / 1e6);
    }
  }
}
