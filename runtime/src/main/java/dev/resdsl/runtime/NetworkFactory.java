package dev.resdsl.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Creates and loads one generated network; each generated class has one, {@code <Name>.Factory},
 * registered for {@link java.util.ServiceLoader} by the processor, so that {@link NetworkCatalog}
 * finds every network on the classpath.
 */
public interface NetworkFactory {
  /** What the compiler inferred for the network. */
  NetworkDescription description();

  /** The generated class's simple name. */
  default String name() {
    return description().name();
  }

  /** A new network with weights drawn from {@code seed}. */
  GeneratedNetwork create(long seed);

  /** The network saved in {@code file}, refusing one of another architecture. */
  GeneratedNetwork load(Path file) throws IOException;
}
