package dev.resdsl.spark;

import dev.resdsl.runtime.data.DataSourceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed Spark job back into the one-line error of what failed in its task: Spark
 * reports a task's exception inside a multi-line message of its own, with the exception itself
 * as the cause only where it could ship it.
 */
final class SparkFailures {
  private static final Pattern DATA_ERROR =
      Pattern.compile(Pattern.quote(DataSourceException.class.getName()) + ": ([^\\n]*)");

  private SparkFailures() {}

  /** The data-source error a job's task failed with, else one naming the job's failure. */
  static DataSourceException dataSourceError(String source, Exception failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof DataSourceException data) {
        return data;
      }
    }
    String message = String.valueOf(failure.getMessage());
    Matcher matcher = DATA_ERROR.matcher(message);
    if (matcher.find()) {
      return new DataSourceException(matcher.group(1).strip(), failure);
    }
    return new DataSourceException(source + ": Spark could not read it ("
        + message.lines().findFirst().orElse(message).strip() + ")", failure);
  }
}
