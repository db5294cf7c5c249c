package dev.resdsl.processor.validate;

/**
 * A diagnostic's text and the ID it is printed with. The processor makes them in {@link
 * Messages} only, so that every message it prints comes from the catalogue.
 *
 * @param id the stable ID
 * @param text the text after the ID: the problem, the values on both sides, the fix
 */
public record Message(DiagnosticId id, String text) {
  /** The message as the compiler prints it: {@code [ResDSL:IdentityAcrossChange] stage2: ...}. */
  public String printed() {
    return id.tag() + " " + text;
  }
}
