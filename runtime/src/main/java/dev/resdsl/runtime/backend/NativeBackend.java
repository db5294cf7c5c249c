package dev.resdsl.runtime.backend;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ND4J backend and native build this process runs on, and the switch for Deeplearning4j's
 * oneDNN layer helpers on the CPU.
 *
 * <p>Deeplearning4j 1.0.0-M2.1 never uses its oneDNN helpers: they are off by default (system
 * property {@value #DL4J_HELPERS_DISABLE}) and their support check looks for a class ND4J moved
 * (see {@link org.nd4j.nativeblas.Nd4jCpu}). With both fixed, ResNet-20 trains about 10 times
 * faster on the CPU. So that a user's own DL4J networks behave as they always did, the helpers are
 * switched on only while ResDSL instantiates its own networks ({@link #withLayerHelpers}); layers
 * keep the helper they were created with. {@code -D}{@value #ONEDNN_PROPERTY}{@code =false}
 * turns this off.
 *
 * <p>Which native build ND4J loads is chosen by {@link NativeBuildSelector} before ND4J loads it.
 */
public final class NativeBackend {
  /** System property: {@code false} keeps DL4J's built-in layer implementations. */
  public static final String ONEDNN_PROPERTY = "resdsl.onednn";

  /** Deeplearning4j's own switch, read whenever a layer is created. */
  static final String DL4J_HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

  private static final String CPU_ENVIRONMENT =
      "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
  private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
  private static final Object HELPER_LOCK = new Object();

  private static volatile Info info;

  static {
    // Before any method here can touch JavaCPP, which reads the choice only once.
    NativeBuildSelector.apply();
  }

  private NativeBackend() {}

  /**
   * What this process runs on.
   *
   * @param backend ND4J's backend, {@code CPU} or {@code CUDA}
   * @param nativeBuild the native library's build, such as {@code linux-x86_64-onednn-avx2}
   * @param buildChoice why that build: {@link NativeBuildSelector}'s reason, or that ND4J was
   *     loaded before ResDSL could choose
   * @param oneDnn whether that build has oneDNN
   * @param layerHelpers whether ResDSL's networks get DL4J's oneDNN layer helpers
   * @param threads ND4J's threads for linear algebra
   * @param blas the BLAS library
   */
  public record Info(
      String backend,
      String nativeBuild,
      String buildChoice,
      boolean oneDnn,
      boolean layerHelpers,
      int threads,
      String blas) {

    /**
     * One line for a log: {@code ND4J CPU backend, native build linux-x86_64-onednn-avx2 (auto,
     * CPU lacks avx512f ...), ...}.
     */
    public String describe() {
      return String.format(Locale.ROOT,
          "ND4J %s backend, native build %s (%s), %d threads, BLAS %s, oneDNN layer helpers %s",
          backend, nativeBuild, buildChoice, threads, blas,
          layerHelpers ? "on" : oneDnn ? "off (-D" + ONEDNN_PROPERTY + "=false)" : "unavailable");
    }
  }

  /** The backend of this process; loads ND4J and logs the description the first time. */
  public static Info info() {
    Info known = info;
    if (known == null) {
      synchronized (NativeBackend.class) {
        known = info;
        if (known == null) {
          known = detect();
          info = known;
          LOG.info(known.describe());
        }
      }
    }
    return known;
  }

  private static Info detect() {
    NativeBuildSelector.Choice choice = NativeBuildSelector.apply();
    Properties environment = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = String.valueOf(environment.getOrDefault("backend", "unknown"));
    boolean cpu = backend.equalsIgnoreCase("CPU");
    boolean oneDnn = cpu && cpuHasOneDnn();
    boolean wanted = !"false".equalsIgnoreCase(System.getProperty(ONEDNN_PROPERTY, "true"));
    int threads = Integer.parseInt(String.valueOf(environment.getOrDefault("omp.threads", "0")));
    String blas = String.valueOf(environment.getOrDefault("blas.vendor", "unknown"));
    String loaded = nativeBuild();
    return new Info(backend, loaded, buildChoice(choice, loaded), oneDnn, oneDnn && wanted,
        threads, blas);
  }

  /** The selector's reason, or why ND4J runs another build than the one chosen. */
  static String buildChoice(NativeBuildSelector.Choice choice, String loaded) {
    if (choice.expectedBuild().isEmpty() || choice.expectedBuild().get().equals(loaded)) {
      return choice.reason();
    }
    String late = "not " + choice.expectedBuild().get() + " as chosen: ND4J was loaded before"
        + " NativeBuildSelector.apply() ran, or that build is missing";
    LOG.warn(late);
    return late;
  }

  /**
   * Whether ND4J's CPU backend is loaded with oneDNN. Asked by reflection, so that the runtime
   * also builds against the CUDA backend, which lacks the class.
   */
  public static boolean cpuHasOneDnn() {
    try {
      Class<?> environment = Class.forName(CPU_ENVIRONMENT);
      Object instance = environment.getMethod("getInstance").invoke(null);
      return (Boolean) environment.getMethod("isUseONEDNN").invoke(instance);
    } catch (ReflectiveOperationException | LinkageError notTheCpuBackend) {
      return false;
    }
  }

  /** The folder name of the loaded native library, which names its build. */
  private static String nativeBuild() {
    for (Map.Entry<String, String> library : Loader.getLoadedLibraries().entrySet()) {
      String path = library.getValue();
      if (path != null && (path.contains("jnind4jcpu") || path.contains("jnind4jcuda"))) {
        String[] parts = path.replace('\\', '/').split("/");
        return parts.length > 1 ? parts[parts.length - 2] : path;
      }
    }
    return Loader.getPlatform();
  }

  /**
   * Runs {@code build}, which creates Deeplearning4j layers, with DL4J's oneDNN helpers switched
   * on when {@link #info()} says so; the system property is restored afterwards.
   */
  public static <T> T withLayerHelpers(Supplier<T> build) {
    if (!info().layerHelpers()) {
      return build.get();
    }
    // The property is global: other threads that create layers meanwhile get helpers too.
    synchronized (HELPER_LOCK) {
      String before = System.getProperty(DL4J_HELPERS_DISABLE);
      System.setProperty(DL4J_HELPERS_DISABLE, "false");
      try {
        return build.get();
      } finally {
        if (before == null) {
          System.clearProperty(DL4J_HELPERS_DISABLE);
        } else {
          System.setProperty(DL4J_HELPERS_DISABLE, before);
        }
      }
    }
  }
}
