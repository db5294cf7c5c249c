package dev.resdsl.processor.extract;

/**
 * Thrown when an annotation value is not of its declared type, which happens only in code that
 * {@code javac} already reports as erroneous; the processor then leaves the spec alone.
 */
public final class MalformedAnnotationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedAnnotationException(String attribute, Object value) {
    super("attribute " + attribute + " has the unexpected value " + value);
  }
}
