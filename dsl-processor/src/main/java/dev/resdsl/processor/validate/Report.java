package dev.resdsl.processor.validate;

import dev.resdsl.processor.model.Site;
import java.util.ArrayList;
import java.util.List;

/** The findings about one spec, gathered in order rather than thrown one at a time. */
public final class Report {
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  /** Records an error. */
  public void error(Site site, Message message) {
    diagnostics.add(new Diagnostic(Diagnostic.Kind.ERROR, site, message));
  }

  /** Records a warning. */
  public void warning(Site site, Message message) {
    diagnostics.add(new Diagnostic(Diagnostic.Kind.WARNING, site, message));
  }

  /** Records an error or, when {@code error} is false, a warning. */
  public void add(boolean error, Site site, Message message) {
    diagnostics.add(
        new Diagnostic(error ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING, site, message));
  }

  /** Whether any finding is an error. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(d -> d.kind() == Diagnostic.Kind.ERROR);
  }

  /** Every finding, in the order found. */
  public List<Diagnostic> diagnostics() {
    return List.copyOf(diagnostics);
  }
}
