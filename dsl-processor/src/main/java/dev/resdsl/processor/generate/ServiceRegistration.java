package dev.resdsl.processor.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The {@code META-INF/services} file that registers every generated network's factory for {@link
 * java.util.ServiceLoader}, as AutoService registers processors: entries gathered over the
 * compilation, merged with those an earlier incremental compilation wrote, sorted, and written
 * once when processing is over.
 */
public final class ServiceRegistration {
  /** The service every generated factory implements. */
  public static final String SERVICE = RuntimeTypes.RUNTIME + ".NetworkFactory";

  /** Where the registration goes in the class output. */
  public static final String PATH = "META-INF/services/" + SERVICE;

  private final Set<String> providers = new TreeSet<>();

  /** Registers the factory of binary name {@code provider}. */
  public void add(String provider) {
    providers.add(provider);
  }

  /** Writes the file when something was registered; an existing file's entries are kept. */
  public void write(Filer filer) throws IOException {
    if (providers.isEmpty()) {
      return;
    }
    Set<String> all = new TreeSet<>(providers);
    try {
      FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(existing.openInputStream(), StandardCharsets.UTF_8))) {
        in.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .forEach(all::add);
      }
    } catch (IOException | IllegalArgumentException noEarlierFile) {
      // A clean build: nothing to merge.
    }
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH);
    try (Writer out = file.openWriter()) {
      for (String provider : all) {
        out.write(provider);
        out.write('\n');
      }
    }
    providers.clear();
  }
}
