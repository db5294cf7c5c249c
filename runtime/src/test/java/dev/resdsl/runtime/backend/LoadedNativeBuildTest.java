package dev.resdsl.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.backend.NativeBuildSelector.Build;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build ND4J really loads on this machine, each in a fresh JVM: in this one, another test may
 * have loaded ND4J already, and JavaCPP reads its choice only once.
 */
class LoadedNativeBuildTest {
  @TempDir Path workDir;

  @Test
  void aGeneratedNetworkLoadsTheBuildChosenFromThisCpusFlags() throws Exception {
    String expected = expectedHere();
    Run run = probe("network");
    assertEquals(0, run.status, run.output);
    assertEquals("chosen=" + expected, run.line("chosen="), run.output);
    assertEquals("loaded=" + expected, run.line("loaded="), run.output);
    assertTrue(run.line("describe=").contains("native build " + expected + " (auto, CPU "),
        run.output);
  }

  @Test
  void theBackendDescriptionLoadsTheBuildChosenFromThisCpusFlags() throws Exception {
    Run run = probe("backend");
    assertEquals(0, run.status, run.output);
    assertEquals("loaded=" + expectedHere(), run.line("loaded="), run.output);
  }

  @Test
  void theAvx512BuildRunsOnlyOnACpuWithAvx512() throws Exception {
    Set<String> flags = NativeBuildSelector.readCpuFlags().orElseThrow();
    Run run = probe("network", "-Dresdsl.native=avx512");
    if (Build.AVX512.missing(flags).isEmpty()) {
      assertEquals(0, run.status, run.output);
      assertEquals("loaded=linux-x86_64-onednn-avx512", run.line("loaded="), run.output);
    } else {
      // The switch reaches JavaCPP, and the build dies while loading: why it is never chosen here.
      assertNotEquals(0, run.status, run.output);
      assertFalse(run.output.contains("loaded="), run.output);
      assertTrue(run.output.contains("SIGILL") || run.output.contains("AVX512"), run.output);
    }
  }

  /** What the selector chooses for this machine, asserted not to be a build the CPU lacks. */
  private static String expectedHere() {
    Set<String> flags = NativeBuildSelector.readCpuFlags().orElseThrow();
    Optional<Build> build = NativeBuildSelector.choose(
        Optional.of(flags), NativeBuildSelector.shippedBuilds(), null, null).build();
    assertTrue(build.isPresent(), "this machine runs a shipped build");
    assertEquals(List.of(), build.get().missing(flags));
    return build.get().classifier();
  }

  private Run probe(String mode, String... properties) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        // A crash report, if any, goes to the temporary folder, and no core dump is written.
        "-XX:-CreateCoredumpOnCrash"));
    command.addAll(List.of(properties));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        NativeBuildProbe.class.getName(), mode));
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "probe did not end");
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private record Run(int status, String output) {
    String line(String prefix) {
      return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }
  }
}
