package dev.resdsl.spark;

/**
 * A Spark job of a training run failed (an executor lost for good, the master gone, the context
 * stopped); the message is one line, and the output folder keeps the last complete epoch.
 */
public final class SparkJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SparkJobException(int epoch, Exception cause) {
    super("the Spark job of epoch " + epoch + " failed: " + firstLine(cause), cause);
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message).strip();
  }
}
