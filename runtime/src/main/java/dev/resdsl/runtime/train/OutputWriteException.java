package dev.resdsl.runtime.train;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A file of a training run's output folder could not be written (a full disk, a file size limit,
 * a read-only folder); the message names the file, the reason and what the folder still holds.
 */
public final class OutputWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  OutputWriteException(Path file, String kept, IOException cause) {
    super("cannot write " + file + ": " + reason(cause) + "; " + kept, cause);
    this.file = file;
  }

  /** The file that could not be written. */
  public Path file() {
    return file;
  }

  private static String reason(IOException e) {
    String reason = e instanceof FileSystemException fs && fs.getReason() != null
        ? fs.getReason()
        : String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
    if (reason.contains("File too large") || reason.contains("No space left on device")
        || reason.contains("Disk quota exceeded")) {
      return "no space left (" + reason + ")";
    }
    return reason;
  }
}
