package dev.resdsl.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.resdsl.processor.Specs.spec;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.resdsl.processor.validate.DiagnosticId;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures that are not the spec's fault: a bug in the processor (an unexpected exception) and
 * an output file that cannot be written. Each is an error on its spec; javac does not crash and
 * the other specs still generate. The faults are injected through a processing environment that
 * fails where told, since no valid input is known to make the processor throw.
 */
class ProcessorFailuresTest {
  private static final JavaFileObject EXPLODING = spec("ExplodingSpec", """
      @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
      @ResidualStage(blocks = 1, filters = 16)
      interface ExplodingSpec {}
      """);

  private static final JavaFileObject GOOD = spec("GoodSpec", """
      @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
      @ResidualStage(blocks = 1, filters = 16)
      interface GoodSpec {}
      """);

  @TempDir Path temp;

  @Test
  void anUnexpectedExceptionIsAnErrorOnTheSpecWithItsStackTrace() {
    Compilation compilation =
        Compiler.javac().withProcessors(faulty("getPackageOf", "ExplodingSpec", "")).compile(EXPLODING, GOOD);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(DiagnosticId.INTERNAL_ERROR.tag())
        .inFile(EXPLODING).onLineContaining("interface ExplodingSpec");
    String message = compilation.errors().get(0).getMessage(Locale.ROOT);
    assertThat(message).contains("p.ExplodingSpec");
    // The exception and the frames that led to it, one a line (javac indents lines after the
    // first of a message).
    assertThat(message).containsMatch("\n\\s*java\\.lang\\.IllegalStateException: injected fault\n");
    assertThat(message).containsMatch("\n\\s*at dev\\.resdsl\\.processor\\.extract\\.SpecExtractor"
        + "\\.extract\\(SpecExtractor\\.java:\\d+\\)\n");
    assertThat(message).containsMatch("\n\\s*at dev\\.resdsl\\.processor\\.ResDslProcessor"
        + "\\.process\\(ResDslProcessor\\.java:\\d+\\)\n");
  }

  @Test
  void anUnexpectedExceptionDoesNotStopOtherSpecs() {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    assertThat(Specs.generatedEvenOnFailure(temp, faulty("getPackageOf", "ExplodingSpec", ""), diagnostics,
        List.of(EXPLODING, GOOD)).keySet()).containsExactly("p.Good");
  }

  @Test
  void anUnexpectedExceptionOnAStrayAnnotationIsAnErrorOnItsType() {
    JavaFileObject lonely = spec("Lonely", """
        @ResidualStage(blocks = 2, filters = 16)
        @ResidualStage(blocks = 2, filters = 32)
        interface Lonely {}
        """);
    Compilation compilation =
        Compiler.javac().withProcessors(faulty("getOrigin", "Lonely", "")).compile(lonely, GOOD);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(DiagnosticId.INTERNAL_ERROR.tag())
        .inFile(lonely).onLineContaining("interface Lonely");
  }

  @Test
  void anUnwritableSourceIsAnErrorOnTheSpec() {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    assertThat(Specs.generatedEvenOnFailure(temp, faulty("", "", "p.Exploding"), diagnostics,
        List.of(EXPLODING, GOOD)).keySet()).containsExactly("p.Good");
    List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getMessage(Locale.ROOT))
        .startsWith(DiagnosticId.CANNOT_WRITE.tag() + " ");
    assertThat(errors.get(0).getSource().getName()).endsWith("ExplodingSpec.java");
  }

  /**
   * A {@link ResDslProcessor} whose {@link Elements} throw an {@link IllegalStateException} when
   * {@code method} is called on the type named {@code explodingType}, and whose {@link Filer}
   * cannot create the source {@code unwritableSource}; the environment is javac's otherwise.
   */
  private static Processor faulty(
      String method, String explodingType, String unwritableSource) {
    ResDslProcessor processor = new ResDslProcessor();
    return new AbstractProcessor() {
      @Override
      public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        Elements elements = intercept(Elements.class, env.getElementUtils(), (called, args) ->
            called.getName().equals(method)
                && ((Element) args[0]).getSimpleName().contentEquals(explodingType)
                ? fail(new IllegalStateException("injected fault"))
                : PASS);
        Filer filer = intercept(Filer.class, env.getFiler(), (called, args) ->
            called.getName().equals("createSourceFile")
                && args[0].toString().equals(unwritableSource)
                ? fail(new IOException("disk full"))
                : PASS);
        processor.init(intercept(ProcessingEnvironment.class, env, (called, args) ->
            switch (called.getName()) {
              case "getElementUtils" -> elements;
              case "getFiler" -> filer;
              default -> PASS;
            }));
      }

      @Override
      public Set<String> getSupportedAnnotationTypes() {
        return processor.getSupportedAnnotationTypes();
      }

      @Override
      public SourceVersion getSupportedSourceVersion() {
        return processor.getSupportedSourceVersion();
      }

      @Override
      public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return processor.process(annotations, round);
      }
    };
  }

  /** What an interception returns to let the call through to the target. */
  private static final Object PASS = new Object();

  /** Decides a call: its result, {@link #PASS}, or an exception thrown through {@link #fail}. */
  private interface Interception {
    Object apply(Method method, Object[] args) throws Throwable;
  }

  private static Object fail(Throwable fault) throws Throwable {
    throw fault;
  }

  /** {@code target} through {@code type}, every call first offered to {@code interception}. */
  private static <T> T intercept(Class<T> type, T target, Interception interception) {
    return type.cast(Proxy.newProxyInstance(
        ProcessorFailuresTest.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          Object result = interception.apply(method, args);
          if (result != PASS) {
            return result;
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }
}
