package dev.resdsl.runtime.weights;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a file is not a well-formed safetensors file; the message is one line. */
public final class SafeTensorsFormatException extends IOException {
  private final Path file;
  private final String problem;

  /**
   * Describes what is wrong with the file.
   *
   * @param file the file
   * @param problem what is wrong, without the file's name, such as {@code "bad JSON in the header
   *     at character 12: ..."}
   */
  public SafeTensorsFormatException(Path file, String problem) {
    super(file + " is not a valid safetensors file: " + problem);
    this.file = file;
    this.problem = problem;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** What is wrong with it, without the file's name. */
  public String problem() {
    return problem;
  }
}
