package dev.resdsl.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Holds a task's native computation to the cores Spark allots a task ({@code spark.task.cpus},
 * 1 by default). ND4J and oneDNN otherwise start as many OpenMP threads as the machine has cores
 * in every task, so that {@code local[2]} on two cores ran four busy threads and trained at about
 * half the speed of one machine (BENCHMARKS.md, "Spark local[2] against one machine").
 */
final class TaskThreads {
  private TaskThreads() {}

  /**
   * Limits the calling thread's OpenMP teams, if it runs a Spark task. The limit is the thread's
   * own (OpenMP keeps it per thread), so the driver's and other tasks' threads are unaffected.
   */
  static void allot() {
    if (TaskContext.get() != null) {
      int cpus = SparkEnv.get().conf().getInt("spark.task.cpus", 1);
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(Math.max(1, cpus));
    }
  }
}
