package dev.resdsl.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Thrown when a checkpoint was saved from a network of another architecture than the one asked to
 * load it.
 */
public final class ArchitectureMismatchException extends IOException {
  private final Path file;
  private final String savedName;
  private final String expectedName;

  /**
   * Describes the mismatch in one line, with the fix.
   *
   * @param file the checkpoint
   * @param savedName the name of the network the checkpoint was saved from
   * @param savedArchitecture that network's architecture
   * @param expected the network that was asked to load it
   */
  public ArchitectureMismatchException(
      Path file, String savedName, String savedArchitecture, NetworkDescription expected) {
    super(message(file, savedName, savedArchitecture, expected));
    this.file = file;
    this.savedName = savedName;
    this.expectedName = expected.name();
  }

  private static String message(
      Path file, String savedName, String savedArchitecture, NetworkDescription expected) {
    if (savedName.equals(expected.name())) {
      // Same class name, yet other weights: its spec was edited after the checkpoint was saved.
      return file
          + " holds a "
          + savedName
          + " of another architecture (saved \""
          + savedArchitecture
          + "\", now \""
          + expected.architecture()
          + "\"); train a new "
          + expected.name()
          + " or restore the spec it was saved from";
    }
    return file
        + " holds a "
        + savedName
        + ", not a "
        + expected.name()
        + "; load it with "
        + savedName
        + ".load or train a new "
        + expected.name();
  }

  /** The checkpoint. */
  public Path file() {
    return file;
  }

  /** The name of the network the checkpoint was saved from. */
  public String savedName() {
    return savedName;
  }

  /** The name of the network that was asked to load it. */
  public String expectedName() {
    return expectedName;
  }
}
