package dev.resdsl.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.PaperNetworks;
import dev.resdsl.runtime.StandardError;
import dev.resdsl.runtime.TinyNet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Falling back from the fast path is never silent: one warning line naming the reason. */
class FastPathTest {

  @Test
  void aNetworkTheFastPathCannotTrainFallsBackWithOneWarningLineNamingWhy() {
    TinyNet network = TinyNet.create(1); // its head has dropout, which the fast path cannot train
    AtomicReference<FastTraining> fast = new AtomicReference<>();
    String err = StandardError.of(() -> fast.set(FastPath.training(network)));
    assertNull(fast.get(), "falls back to the graph");
    List<String> lines = err.lines().toList();
    assertEquals(1, lines.size(), err);
    assertTrue(lines.get(0).contains("WARN"), err);
    assertTrue(lines.get(0).contains("TinyNet: training through Deeplearning4j's layers, not the"
        + " fast path: no fast training for "), err);
    assertTrue(lines.get(0).contains("Dropout["), "names the layer: " + err);
  }

  @Test
  void aNetworkTheFastPathTrainsPrintsNothing() {
    var network = PaperNetworks.resNet20();
    AtomicReference<FastTraining> fast = new AtomicReference<>();
    String err = StandardError.of(() -> fast.set(FastPath.training(network)));
    assertNotNull(fast.get());
    assertEquals("", err);
  }
}
