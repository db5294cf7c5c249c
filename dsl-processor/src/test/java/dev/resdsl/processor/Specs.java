package dev.resdsl.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/** Sources of specs in package {@code p}, and their compilation with the processor. */
final class Specs {
  private Specs() {}

  /** A compilation unit {@code p.<simpleName>} importing every ResDSL annotation. */
  static JavaFileObject spec(String simpleName, String body) {
    return JavaFileObjects.forSourceString("p." + simpleName, """
        package p;

        import dev.resdsl.annotations.*;

        """ + body);
  }

  /** Compiles {@code files} with a fresh {@link ResDslProcessor}. */
  static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new ResDslProcessor()).compile(files);
  }

  /**
   * The sources the processor writes for {@code files}, by qualified name, even when the
   * compilation fails: compile-testing hides a failed compilation's generated files, but "other
   * specs still compile" is exactly about failed compilations.
   */
  static Map<String, String> generatedEvenOnFailure(Path dir, JavaFileObject... files) {
    return generatedEvenOnFailure(dir, new DiagnosticCollector<>(), List.of(files));
  }

  /** As {@link #generatedEvenOnFailure(Path, JavaFileObject...)}, keeping the diagnostics. */
  static Map<String, String> generatedEvenOnFailure(
      Path dir, DiagnosticCollector<JavaFileObject> diagnostics, List<JavaFileObject> files) {
    return generatedEvenOnFailure(dir, new ResDslProcessor(), diagnostics, files);
  }

  /** As above, with {@code processor} instead of a plain {@link ResDslProcessor}. */
  static Map<String, String> generatedEvenOnFailure(Path dir, Processor processor,
      DiagnosticCollector<JavaFileObject> diagnostics, List<JavaFileObject> files) {
    return generated(dir, Optional.of(processor), diagnostics, files);
  }

  /**
   * The sources generated for {@code files} by the processors javac discovers itself, through
   * {@code META-INF/services} on the class path, as in a user's build. (compile-testing always
   * hands javac an explicit processor list, which turns discovery off.)
   */
  static Map<String, String> generatedByDiscoveredProcessors(Path dir, JavaFileObject... files) {
    return generated(dir, Optional.empty(), new DiagnosticCollector<>(), List.of(files));
  }

  private static Map<String, String> generated(Path dir, Optional<Processor> explicitProcessor,
      DiagnosticCollector<JavaFileObject> diagnostics, List<JavaFileObject> files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      Path sources = Files.createDirectories(dir.resolve("sources"));
      Path classes = Files.createDirectories(dir.resolve("classes"));
      fileManager.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(sources));
      fileManager.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      JavaCompiler.CompilationTask task = javac.getTask(
          null, fileManager, diagnostics, List.of("-proc:only"), null, files);
      explicitProcessor.ifPresent(processor -> task.setProcessors(List.of(processor)));
      task.call();
      Map<String, String> generated = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(sources)) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          String relative = sources.relativize(file).toString();
          String name = relative.substring(0, relative.length() - ".java".length())
              .replace(file.getFileSystem().getSeparator(), ".");
          generated.put(name, Files.readString(file, StandardCharsets.UTF_8));
        }
      }
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
