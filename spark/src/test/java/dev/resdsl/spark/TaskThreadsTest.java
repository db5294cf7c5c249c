package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** The OpenMP teams of Spark tasks, read back from the native library inside real tasks. */
class TaskThreadsTest {
  @Test
  void eachTaskOfLocalTwoComputesOnOneThreadAndTheDriverKeepsItsOwn() {
    Nd4j.create(1); // loads the native library, as a worker's network does
    int driverBefore = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    try (JavaSparkContext spark = SparkContexts.open("local[2]", "TaskThreadsTest")) {
      List<Integer> perTask = spark.parallelize(List.of(1, 2), 2).map(x -> {
        TaskThreads.allot();
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
      }).collect();
      assertEquals(List.of(1, 1), perTask);
    }
    assertEquals(driverBefore,
        NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
  }
}
