package dev.resdsl.runtime.data;

import java.io.IOException;

/**
 * A data source that cannot be used: an unknown kind, a missing directory, or a file that is not
 * what its format says. The message is one line naming the file and the fix; the command line turns
 * it into exit status 2.
 */
public final class DataSourceException extends IOException {
  /** A one-line message naming the source or file and the fix. */
  public DataSourceException(String message) {
    super(message);
  }

  /** A one-line message naming the source or file and the fix, with the I/O failure behind it. */
  public DataSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
