package dev.resdsl.runtime.backend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses which of ND4J's CPU builds on the classpath this process loads: the fastest one that
 * the CPU's flags say it runs.
 *
 * <p>Every {@code nd4j-native} classifier jar keeps its library in its own folder,
 * {@code org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64<extension>/}. JavaCPP's {@code Loader}
 * looks only in the folder of the system property {@value #JAVACPP_EXTENSION} (then in the plain
 * {@code linux-x86_64} one); unset, it tries the extensions ND4J's presets list, which puts
 * {@code -onednn-avx2} before {@code -onednn-avx512}. It reads the property once, when its class
 * initialises, so {@link #apply()} must run before anything touches JavaCPP or ND4J: ResDSL calls
 * it from the static initialisers of {@code ResidualNetwork} and {@link NativeBackend} and from
 * the command line's.
 *
 * <p>The choice is made from the flags, not by trying: a build the CPU lacks instructions for
 * dies with SIGILL while its library loads (ND4J's own check, which would exit, comes later), and
 * a loaded native library cannot be unloaded, so no failed load can be retried in-process.
 *
 * <p>{@code -D}{@value #PROPERTY}{@code =avx512|avx2|generic} overrides the choice, and so does
 * setting {@value #JAVACPP_EXTENSION} directly; {@code auto} is the default.
 */
public final class NativeBuildSelector {
  /** System property: {@code auto} (default), {@code avx512}, {@code avx2} or {@code generic}. */
  public static final String PROPERTY = "resdsl.native";

  /** JavaCPP's switch for the folder that native libraries are loaded from. */
  public static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";

  private static final String PLATFORM = "linux-x86_64";
  private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static final Logger LOG = LoggerFactory.getLogger(NativeBuildSelector.class);

  private static Choice applied;

  private NativeBuildSelector() {}

  /** The ND4J CPU builds that ResDSL knows, fastest first. */
  public enum Build {
    /**
     * Compiled for {@code -march=skylake-avx512}; ND4J's own check asks for avx512f, cd, bw, dq
     * and vl besides AVX2.
     */
    AVX512("avx512", "-onednn-avx512",
        List.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512cd", "avx512bw", "avx512dq",
            "avx512vl")),
    /** Compiled with {@code -mavx -mavx2 -mfma -mf16c}. */
    AVX2("avx2", "-onednn-avx2", List.of("avx", "avx2", "fma", "f16c")),
    /** Plain x86-64; not shipped by ResDSL, used only if a user adds its jar. */
    GENERIC("generic", "", List.of());

    private final String option;
    private final String extension;
    private final List<String> flags;

    Build(String option, String extension, List<String> flags) {
      this.option = option;
      this.extension = extension;
      this.flags = flags;
    }

    /** The value of {@value NativeBuildSelector#PROPERTY} that asks for this build. */
    public String option() {
      return option;
    }

    /** The value of {@value NativeBuildSelector#JAVACPP_EXTENSION} that loads this build. */
    public String extension() {
      return extension;
    }

    /** The Maven classifier of its jar, which is also the folder of its library. */
    public String classifier() {
      return PLATFORM + extension;
    }

    /** The CPU flags it needs that {@code cpu} lacks, in a fixed order. */
    List<String> missing(Set<String> cpu) {
      return flags.stream().filter(flag -> !cpu.contains(flag)).toList();
    }

    /** The flags it needs beyond the next slower build's. */
    private List<String> ownFlags() {
      Build[] all = values();
      List<String> slower = ordinal() + 1 < all.length ? all[ordinal() + 1].flags : List.of();
      return flags.stream().filter(flag -> !slower.contains(flag)).toList();
    }

    static Optional<Build> ofOption(String option) {
      return Arrays.stream(values()).filter(b -> b.option.equals(option)).findFirst();
    }
  }

  /**
   * What was chosen and why.
   *
   * @param build the build whose extension was set, or empty where JavaCPP was left to choose
   * @param expectedBuild the folder the library should be loaded from, where that is known
   * @param reason why, short enough for the backend line
   * @param warning whether the choice may not load: a forced build the CPU lacks, or none fits
   */
  public record Choice(
      Optional<Build> build, Optional<String> expectedBuild, String reason, boolean warning) {

    static Choice of(Build build, String reason, boolean warning) {
      return new Choice(Optional.of(build), Optional.of(build.classifier()), reason, warning);
    }

    static Choice left(String reason, boolean warning) {
      return new Choice(Optional.empty(), Optional.empty(), reason, warning);
    }
  }

  /**
   * Chooses once, sets {@value #JAVACPP_EXTENSION} if the choice is ResDSL's, and logs it; later
   * calls return the first choice. Never throws: any problem leaves JavaCPP's default, logged.
   */
  public static synchronized Choice apply() {
    if (applied == null) {
      applied = decide();
      applied.build().ifPresent(build -> System.setProperty(JAVACPP_EXTENSION, build.extension()));
      String line = "ND4J native build " + applied.expectedBuild().orElse("left to JavaCPP")
          + " (" + applied.reason() + ")";
      if (applied.warning()) {
        LOG.warn(line);
      } else {
        LOG.info(line);
      }
    }
    return applied;
  }

  private static Choice decide() {
    try {
      String javacpp = System.getProperty(JAVACPP_EXTENSION);
      String option = System.getProperty(PROPERTY);
      Set<Build> shipped = shippedBuilds();
      // Reading /proc/cpuinfo is skipped where it could not matter.
      Optional<Set<String>> flags = javacpp == null && !shipped.isEmpty()
          ? readCpuFlags() : Optional.empty();
      return choose(flags, shipped, option, javacpp);
    } catch (RuntimeException bug) {
      return Choice.left("JavaCPP's default: choosing failed: " + bug, true);
    }
  }

  /**
   * The choice for a CPU with {@code flags} (empty if unknown), the builds on the classpath, and
   * the values of {@value #PROPERTY} and {@value #JAVACPP_EXTENSION} (null if unset).
   */
  static Choice choose(
      Optional<Set<String>> flags, Set<Build> shipped, String option, String javacppExtension) {
    if (javacppExtension != null) {
      // The user's own choice, not checked: they may have added a build ResDSL does not know.
      return new Choice(Optional.empty(), Optional.of(PLATFORM + javacppExtension),
          "-D" + JAVACPP_EXTENSION + "=" + javacppExtension + " given"
              + (option == null ? "" : ", -D" + PROPERTY + " ignored"),
          false);
    }
    if (shipped.isEmpty()) {
      return Choice.left("JavaCPP's default: no " + PLATFORM + " ND4J CPU build on the classpath",
          false);
    }
    String prefix = "";
    String asked = option == null ? "auto" : option.trim().toLowerCase(Locale.ROOT);
    if (!asked.equals("auto")) {
      Optional<Build> forced = Build.ofOption(asked);
      if (forced.isPresent()) {
        return forced(forced.get(), flags, shipped);
      }
      prefix = "-D" + PROPERTY + "=" + option + " is not auto, avx512, avx2 or generic; ";
    }
    if (flags.isEmpty()) {
      return Choice.left(prefix + "JavaCPP's default: CPU flags unknown", true);
    }
    String fasterPassedOver = null;
    for (Build build : Build.values()) {
      List<String> missing = build.missing(flags.get());
      if (shipped.contains(build) && missing.isEmpty()) {
        String reason = fasterPassedOver == null
            ? "auto, CPU has " + String.join(" ", build.ownFlags())
            : "auto, " + fasterPassedOver;
        return Choice.of(build, prefix + reason, !prefix.isEmpty());
      }
      fasterPassedOver = missing.isEmpty()
          ? build.option() + " build not on the classpath"
          : "CPU lacks " + String.join(" ", missing);
    }
    Build slowest = shipped.stream().max(Enum::compareTo).orElseThrow();
    return Choice.left(prefix + "JavaCPP's default, which will not run: CPU lacks "
        + String.join(" ", slowest.missing(flags.get()))
        + "; add nd4j-native's " + Build.GENERIC.classifier() + " jar", true);
  }

  private static Choice forced(Build build, Optional<Set<String>> flags, Set<Build> shipped) {
    String reason = "-D" + PROPERTY + "=" + build.option();
    List<String> missing = flags.map(build::missing).orElse(List.of());
    if (!missing.isEmpty()) {
      return Choice.of(build, reason + ", though the CPU lacks " + String.join(" ", missing)
          + ": expect a crash", true);
    }
    if (!shipped.contains(build)) {
      return Choice.of(build, reason + ", though its jar is not on the classpath", true);
    }
    return Choice.of(build, reason, false);
  }

  /**
   * The flags that every processor in a {@code /proc/cpuinfo} text has, or empty if it names
   * none. Only the {@code flags} lines count, not {@code vmx flags}.
   */
  static Optional<Set<String>> parseCpuInfo(String cpuinfo) {
    Set<String> common = null;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0 || !line.substring(0, colon).trim().equals("flags")) {
        continue;
      }
      Set<String> flags = new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
      flags.remove("");
      // A build must run on whichever core the thread lands on.
      if (common == null) {
        common = flags;
      } else {
        common.retainAll(flags);
      }
    }
    return Optional.ofNullable(common).map(Set::copyOf);
  }

  /** This CPU's flags from {@code /proc/cpuinfo}, or empty where that cannot be read. */
  static Optional<Set<String>> readCpuFlags() {
    try {
      Optional<Set<String>> flags =
          parseCpuInfo(Files.readString(CPUINFO, StandardCharsets.ISO_8859_1));
      if (flags.isEmpty()) {
        LOG.warn("{} names no CPU flags; ND4J's native build is left to JavaCPP", CPUINFO);
      }
      return flags;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read {} ({}); ND4J's native build is left to JavaCPP", CPUINFO, e.toString());
      return Optional.empty();
    }
  }

  /**
   * The builds whose library is on the classpath, found as JavaCPP finds them; none unless this
   * is Linux on x86_64, the only platform whose builds ResDSL ships.
   */
  static Set<Build> shippedBuilds() {
    Set<Build> found = EnumSet.noneOf(Build.class);
    if (!PLATFORM.equals(platform())) {
      return found;
    }
    ClassLoader loader = NativeBuildSelector.class.getClassLoader();
    for (Build build : Build.values()) {
      if (loader.getResource(BINDINGS + build.classifier() + "/libjnind4jcpu.so") != null) {
        found.add(build);
      }
    }
    return found;
  }

  /** JavaCPP's platform name, computed as its Loader does, without initialising the Loader. */
  private static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String computed = os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"))
        ? PLATFORM : os + "-" + arch;
    return System.getProperty("org.bytedeco.javacpp.platform", computed);
  }
}
