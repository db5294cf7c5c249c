package org.nd4j.nativeblas;

/**
 * Compatibility shim for Deeplearning4j 1.0.0-M2.1: its oneDNN layer helpers check support by
 * loading {@code org.nd4j.nativeblas.Nd4jCpu$Environment}, a class that ND4J 1.0.0-M2.1 moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings}. Without this class the check fails and every
 * convolution falls back to im2col and gemm, 10 times slower. It answers from the moved class.
 * ResDSL's {@code NativeBackend} decides whether the helpers are used at all.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The part of ND4J's native environment that DL4J's helper check asks about. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    /** The single environment, as in ND4J. */
    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether the loaded native build uses oneDNN, which it calls MKL-DNN in older versions. */
    public boolean isUseMKLDNN() {
      return dev.resdsl.runtime.backend.NativeBackend.cpuHasOneDnn();
    }
  }
}
