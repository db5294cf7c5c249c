package dev.resdsl.processor.validate;

import dev.resdsl.processor.model.Site;

/**
 * One finding about a spec, tied to the site it concerns.
 *
 * @param kind error or warning
 * @param site where it belongs
 * @param message its ID and one line naming the problem and the fix
 */
public record Diagnostic(Kind kind, Site site, Message message) {
  /** How serious a finding is. */
  public enum Kind {
    /** Compilation fails and nothing is generated for the spec. */
    ERROR,
    /** Compilation goes on. */
    WARNING
  }
}
