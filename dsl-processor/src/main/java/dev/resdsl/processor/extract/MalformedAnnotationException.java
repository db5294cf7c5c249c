package dev.resdsl.processor.extract;

import dev.resdsl.processor.model.Attributes.Attribute;

/**
 * Thrown when an annotation value is not of its declared type, which happens only in code that
 * {@code javac} already reports as erroneous; the processor then leaves the spec alone.
 */
public final class MalformedAnnotationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedAnnotationException(Attribute attribute, Object value) {
    super("attribute " + attribute.methodName() + " has the unexpected value " + value);
  }
}
