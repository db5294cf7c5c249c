package dev.resdsl.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.backend.NativeBuildSelector.Build;
import dev.resdsl.runtime.backend.NativeBuildSelector.Choice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choice of ND4J's native build as a function of the CPU's flags and the user's switches. */
class NativeBuildSelectorTest {
  private static final Set<Build> SHIPPED = EnumSet.of(Build.AVX512, Build.AVX2);
  /** This machine kind: AMD EPYC under a hypervisor, AVX2 and no AVX-512. */
  private static final Set<String> EPYC = flags("amd-epyc-avx2.txt");
  /** The CI and production kind: an AVX-512 Xeon. */
  private static final Set<String> XEON = flags("xeon-avx512.txt");
  /** A CPU of before 2013: SSE4 and AVX, no AVX2. */
  private static final Set<String> OLD =
      Set.of("sse", "sse2", "ssse3", "sse4_1", "sse4_2", "popcnt", "avx");

  @Test
  void parsesTheFlagsOfARealCpuinfo() {
    assertTrue(EPYC.containsAll(Set.of("avx", "avx2", "fma", "f16c", "sse4_2")), EPYC.toString());
    assertTrue(EPYC.stream().noneMatch(f -> f.startsWith("avx512")), EPYC.toString());
    assertTrue(XEON.containsAll(Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl")));
  }

  @Test
  void onlyTheFlagsLineCountsNotVmxFlags() {
    assertFalse(XEON.contains("ept"), "vmx flags are not CPU flags");
    assertFalse(XEON.contains("flags"));
    assertFalse(XEON.contains(""));
  }

  @Test
  void aFlagMissingOnOneProcessorIsMissing() {
    String cpuinfo = "processor\t: 0\nflags\t\t: avx avx2 fma avx512f\n\n"
        + "processor\t: 1\nflags\t\t: avx avx2 fma\n";
    assertEquals(Optional.of(Set.of("avx", "avx2", "fma")),
        NativeBuildSelector.parseCpuInfo(cpuinfo));
  }

  @Test
  void noFlagsLineMeansUnknownFlags() {
    assertEquals(Optional.empty(), NativeBuildSelector.parseCpuInfo(""));
    assertEquals(Optional.empty(),
        NativeBuildSelector.parseCpuInfo("processor\t: 0\nFeatures\t: fp asimd\n"));
  }

  @Test
  void avx512CpuGetsTheAvx512Build() {
    Choice choice = auto(XEON, SHIPPED);
    assertEquals(Optional.of(Build.AVX512), choice.build());
    assertEquals(Optional.of("linux-x86_64-onednn-avx512"), choice.expectedBuild());
    assertEquals("auto, CPU has avx512f avx512cd avx512bw avx512dq avx512vl", choice.reason());
    assertFalse(choice.warning());
  }

  @Test
  void avx2CpuGetsTheAvx2BuildAndSaysWhatItLacks() {
    Choice choice = auto(EPYC, SHIPPED);
    assertEquals(Optional.of(Build.AVX2), choice.build());
    assertEquals(Optional.of("linux-x86_64-onednn-avx2"), choice.expectedBuild());
    assertEquals("auto, CPU lacks avx512f avx512cd avx512bw avx512dq avx512vl", choice.reason());
    assertFalse(choice.warning());
  }

  @Test
  void avx512WithoutOneOfItsSubsetsIsNotEnough() {
    // Xeon Phi (Knights Landing) has avx512f and cd but not bw, dq or vl.
    Set<String> phi = new HashSet<>(XEON);
    phi.removeAll(Set.of("avx512bw", "avx512dq", "avx512vl"));
    Choice choice = auto(phi, SHIPPED);
    assertEquals(Optional.of(Build.AVX2), choice.build());
    assertEquals("auto, CPU lacks avx512bw avx512dq avx512vl", choice.reason());
  }

  @Test
  void avx2WithoutFmaIsNotEnough() {
    Set<String> noFma = new HashSet<>(EPYC);
    noFma.remove("fma");
    Choice choice = auto(noFma, EnumSet.allOf(Build.class));
    assertEquals(Optional.of(Build.GENERIC), choice.build());
    assertEquals("auto, CPU lacks fma", choice.reason());
  }

  @Test
  void theFastestBuildOnTheClasspathWins() {
    Choice choice = auto(XEON, EnumSet.of(Build.AVX2));
    assertEquals(Optional.of(Build.AVX2), choice.build());
    assertEquals("auto, avx512 build not on the classpath", choice.reason());
  }

  @Test
  void cpuWithNeitherGetsTheGenericBuildWhenItIsThere() {
    Choice choice = auto(OLD, EnumSet.allOf(Build.class));
    assertEquals(Optional.of(Build.GENERIC), choice.build());
    assertEquals(Optional.of("linux-x86_64"), choice.expectedBuild());
    assertEquals("", Build.GENERIC.extension(), "JavaCPP's plain linux-x86_64 folder");
    assertEquals("auto, CPU lacks avx2 fma f16c", choice.reason());
  }

  @Test
  void cpuWithNeitherAndNoGenericBuildLeavesJavaCppsDefaultWithAWarning() {
    Choice choice = auto(OLD, SHIPPED);
    assertEquals(Optional.empty(), choice.build());
    assertEquals(Optional.empty(), choice.expectedBuild());
    assertTrue(choice.warning());
    assertTrue(choice.reason().contains("CPU lacks avx2 fma f16c"), choice.reason());
    assertTrue(choice.reason().contains("linux-x86_64 jar"), choice.reason());
  }

  @Test
  void unknownFlagsLeaveJavaCppsDefaultWithAWarning() {
    Choice choice = NativeBuildSelector.choose(Optional.empty(), SHIPPED, null, null);
    assertEquals(Optional.empty(), choice.build());
    assertEquals("JavaCPP's default: CPU flags unknown", choice.reason());
    assertTrue(choice.warning());
  }

  @Test
  void withoutCpuBuildsNothingIsSetAsWithCuda() {
    Choice choice = NativeBuildSelector.choose(Optional.of(XEON), Set.of(), "avx512", null);
    assertEquals(Optional.empty(), choice.build());
    assertFalse(choice.warning());
    assertTrue(choice.reason().startsWith("JavaCPP's default: no linux-x86_64 ND4J CPU build"));
  }

  @Test
  void theProjectsSwitchWinsOverTheFlags() {
    Choice choice = NativeBuildSelector.choose(Optional.of(XEON), SHIPPED, "avx2", null);
    assertEquals(Optional.of(Build.AVX2), choice.build());
    assertEquals("-Dresdsl.native=avx2", choice.reason());
    assertFalse(choice.warning());

    Choice generic = NativeBuildSelector.choose(Optional.of(XEON), SHIPPED, "generic", null);
    assertEquals(Optional.of(Build.GENERIC), generic.build());
    assertTrue(generic.warning(), "its jar is not shipped");
    assertEquals("-Dresdsl.native=generic, though its jar is not on the classpath",
        generic.reason());
  }

  @Test
  void aForcedBuildTheCpuCannotRunIsHonouredWithAWarning() {
    Choice choice = NativeBuildSelector.choose(Optional.of(EPYC), SHIPPED, "AVX512", null);
    assertEquals(Optional.of(Build.AVX512), choice.build());
    assertTrue(choice.warning());
    assertEquals("-Dresdsl.native=avx512, though the CPU lacks avx512f avx512cd avx512bw"
        + " avx512dq avx512vl: expect a crash", choice.reason());
  }

  @Test
  void autoIsTheDefaultAndAnUnknownValueFallsBackToItWithAWarning() {
    assertEquals(auto(EPYC, SHIPPED),
        NativeBuildSelector.choose(Optional.of(EPYC), SHIPPED, "auto", null));
    Choice choice = NativeBuildSelector.choose(Optional.of(EPYC), SHIPPED, "avx3", null);
    assertEquals(Optional.of(Build.AVX2), choice.build());
    assertTrue(choice.warning());
    assertEquals("-Dresdsl.native=avx3 is not auto, avx512, avx2 or generic;"
        + " auto, CPU lacks avx512f avx512cd avx512bw avx512dq avx512vl", choice.reason());
  }

  @Test
  void javacppsOwnPropertyWinsOverEverything() {
    Choice choice = NativeBuildSelector.choose(Optional.of(XEON), SHIPPED, "avx512", "-avx2");
    assertEquals(Optional.empty(), choice.build(), "ResDSL sets nothing");
    assertEquals(Optional.of("linux-x86_64-avx2"), choice.expectedBuild());
    assertEquals("-Dorg.bytedeco.javacpp.platform.extension=-avx2 given, -Dresdsl.native ignored",
        choice.reason());
  }

  @Test
  void bothOneDnnBuildsAreOnTheClasspath() {
    // The jars the poms ship, found in the folders JavaCPP loads from.
    assertEquals(SHIPPED, NativeBuildSelector.shippedBuilds());
  }

  @Test
  void thisMachinesFlagsAreReadable() {
    Set<String> flags = NativeBuildSelector.readCpuFlags().orElseThrow();
    assertTrue(flags.contains("sse2"), "every x86_64 CPU has SSE2: " + flags);
  }

  @Test
  void eachBuildsJarIsNamedByItsClassifier() {
    assertEquals("linux-x86_64-onednn-avx512", Build.AVX512.classifier());
    assertEquals("linux-x86_64-onednn-avx2", Build.AVX2.classifier());
    assertEquals("linux-x86_64", Build.GENERIC.classifier());
  }

  private static Choice auto(Set<String> flags, Set<Build> shipped) {
    return NativeBuildSelector.choose(Optional.of(flags), shipped, null, null);
  }

  private static Set<String> flags(String resource) {
    try (InputStream in = NativeBuildSelectorTest.class.getResourceAsStream("/cpuinfo/" + resource)) {
      return NativeBuildSelector.parseCpuInfo(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .orElseThrow();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
