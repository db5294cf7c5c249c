package dev.resdsl.runtime.backend;

import dev.resdsl.runtime.TinyNet;

/**
 * Run in a fresh JVM by {@link LoadedNativeBuildTest}: loads ND4J the way a user's program does
 * and prints the build that was chosen and the one that was loaded.
 */
public final class NativeBuildProbe {
  private NativeBuildProbe() {}

  /** {@code network}: first touch is a generated network; {@code backend}: NativeBackend.info(). */
  public static void main(String[] args) {
    if (args.length != 1 || !(args[0].equals("network") || args[0].equals("backend"))) {
      throw new IllegalArgumentException("usage: NativeBuildProbe network|backend");
    }
    if (args[0].equals("network")) {
      // Builds a DL4J configuration first, as generated code does, which loads ND4J.
      TinyNet.create(1);
    }
    NativeBackend.Info info = NativeBackend.info();
    System.out.println("chosen=" + NativeBuildSelector.apply().expectedBuild().orElse("none"));
    System.out.println("loaded=" + info.nativeBuild());
    System.out.println("describe=" + info.describe());
  }
}
