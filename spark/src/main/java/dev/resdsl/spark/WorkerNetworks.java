package dev.resdsl.spark;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The copies of a run's network in one JVM (an executor, or the driver in local mode), kept from
 * round to round: building one costs more than a round of steps. Tasks that run at once each
 * borrow their own; copies of an earlier run are dropped when a new run's task arrives.
 */
final class WorkerNetworks {
  private static String run;
  private static final Deque<WorkerNetwork> IDLE = new ArrayDeque<>();

  private WorkerNetworks() {}

  /**
   * An idle copy of {@code blueprint}'s run, or a new one; the borrowing task computes on the
   * cores Spark allots it ({@link TaskThreads}).
   */
  static WorkerNetwork borrow(NetworkBlueprint blueprint) {
    TaskThreads.allot();
    synchronized (IDLE) {
      if (!blueprint.run().equals(run)) {
        IDLE.clear();
        run = blueprint.run();
      }
      WorkerNetwork idle = IDLE.poll();
      if (idle != null) {
        return idle;
      }
    }
    return blueprint.build();
  }

  /** Gives {@code copy} back for the next task of its run. */
  static void giveBack(NetworkBlueprint blueprint, WorkerNetwork copy) {
    synchronized (IDLE) {
      if (blueprint.run().equals(run)) {
        IDLE.push(copy);
      }
    }
  }

  /** Drops the copies of {@code run}: in local mode the driver's JVM holds them. */
  static void forget(String finished) {
    synchronized (IDLE) {
      if (finished.equals(run)) {
        IDLE.clear();
        run = null;
      }
    }
  }
}
