package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.NetworkCatalog;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line on the next wave's networks: each one's summary totals the compiler's counts,
 * and a pre-activation network benchmarks.
 */
class NextWaveCommandLineTest {
  private static String lastLine(Cli cli) {
    return cli.out().strip().lines().reduce((a, b) -> b).orElse("");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ResNeXt50_32x4d", "ResNeXt101_32x8d", "WideResNet50_2",
      "WideResNet101_2", "ResNet50D", "SEResNet50", "PreActResNet110", "PreActResNet164",
      "PreActResNet1001"})
  void summaryTotalsTheCompilersCounts(String model) {
    Cli cli = Cli.run("summary", model);
    assertEquals(0, cli.status(), cli.err());
    var description = NetworkCatalog.find(model).orElseThrow().description();
    String last = lastLine(cli);
    for (long count : List.of(description.trainableParameters(), description.multiplyAdds())) {
      String grouped = String.format(Locale.ROOT, "%,d", count);
      assertTrue(last.startsWith("total") && last.contains(grouped), last + " lacks " + grouped);
    }
  }

  @Test
  void aPreActivationNetworkBenchmarks() {
    // Training on the engine is FastTrainingTest's; this is the command's closing line.
    Cli cli = Cli.run("bench", "PreActResNet110", "--batch", "2", "--mode", "infer",
        "--iterations", "1");
    assertEquals(0, cli.status(), cli.err());
    assertTrue(lastLine(cli).matches("PreActResNet110 infer batch=2 images_per_s=\\d+\\.\\d{2}"),
        lastLine(cli));
  }
}
