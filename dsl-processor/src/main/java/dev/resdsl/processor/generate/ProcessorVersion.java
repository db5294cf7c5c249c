package dev.resdsl.processor.generate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * The processor's version, which generated classes name in {@code @Generated}. Maven writes it
 * into {@code processor.properties} when it builds the processor (resource filtering), so that the
 * POM is the only place it is spelled.
 */
public final class ProcessorVersion {
  private static final String RESOURCE = "processor.properties";

  // Read once; a missing version is reported by get(), on the spec being generated, rather than
  // by a failed class initialisation that would stop the whole processor.
  private static final Optional<String> VERSION = read();

  private ProcessorVersion() {}

  /**
   * The version, such as {@code 0.1.0-SNAPSHOT}.
   *
   * @throws IllegalStateException if the processor was built without its filtered resource
   */
  public static String get() {
    return VERSION.orElseThrow(() -> new IllegalStateException(
        RESOURCE + " holds no version: the processor was built without Maven's resource"
            + " filtering of src/main/resources-filtered"));
  }

  private static Optional<String> read() {
    try (InputStream in = ProcessorVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      return version.isBlank() || version.contains("${") ? Optional.empty() : Optional.of(version);
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }
}
