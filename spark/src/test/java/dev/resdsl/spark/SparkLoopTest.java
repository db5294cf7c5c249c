package dev.resdsl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** The command line's Spark loop and the context it opens on a thread of its own: real Spark. */
class SparkLoopTest {
  @Test
  void aLoopClosedWhileItsContextIsOpeningLeavesNoContextRunning() {
    List<String> notices = new ArrayList<>();
    SparkLoop loop = new SparkLoop("local[1]", "SparkLoopTest", SparkTrainingConfig.defaults(),
        notices::add);
    loop.close();
    // One context a JVM: Spark refuses a second while the loop's runs.
    try (JavaSparkContext next = SparkContexts.open("local[1]", "SparkLoopTest next")) {
      assertEquals(1, next.defaultParallelism());
    }
    assertEquals(List.of(), notices);
  }

  @Test
  void aMasterSparkDoesNotKnowIsRefusedBeforeAnyContextOpens() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new SparkLoop("local[two]", "SparkLoopTest", SparkTrainingConfig.defaults(),
            notice -> { }));
    assertTrue(bad.getMessage().startsWith("'local[two]' is not a Spark master URL"),
        bad.getMessage());
  }
}
