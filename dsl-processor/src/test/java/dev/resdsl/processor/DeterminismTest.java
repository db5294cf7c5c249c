package dev.resdsl.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.resdsl.processor.Specs.compile;
import static dev.resdsl.processor.Specs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.resdsl.processor.generate.ProcessorVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output that depends only on the spec, and the processor's registration for build tools. */
class DeterminismTest {
  private static final String PROCESSOR = "dev.resdsl.processor.ResDslProcessor";

  private static final JavaFileObject SPEC = spec("DetSpec", """
      @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
      @Stem(filters = 16)
      @ResidualStage(blocks = 2, filters = 16)
      @ResidualStage(name = "wide", blocks = 3, filters = 32, stride = 2,
                     shortcut = Shortcut.ZERO_PAD)
      @ResidualStage(blocks = 2, filters = 16, block = Block.BOTTLENECK, stride = 2,
                     shortcut = Shortcut.PROJECTION_ALL)
      @Head(dropout = 0.25)
      @Conventions(convBias = true, batchNormEpsilon = 1e-3, batchNormDecay = 0.99,
                   bottleneckStride = StridePlacement.MIDDLE, zeroInitResidual = true)
      interface DetSpec {}
      """);

  private static final JavaFileObject OTHER = spec("OtherSpec", """
      @Network(input = @Input(channels = 1, height = 28, width = 28), classes = 10, name = "Other")
      @ResidualStage(blocks = 1, filters = 8, shortcut = Shortcut.NONE)
      interface OtherSpec {}
      """);

  private static String generated(Compilation compilation, String name) {
    assertThat(compilation).succeededWithoutWarnings();
    try {
      return compilation.generatedSourceFile(name).orElseThrow().getCharContent(false).toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyGeneratedNetworksFactoryIsRegisteredForServiceLoaderInSortedOrder() throws IOException {
    Compilation compilation = compile(SPEC, OTHER);
    assertThat(compilation).succeededWithoutWarnings();
    String services = compilation.generatedFile(StandardLocation.CLASS_OUTPUT,
            "META-INF/services/dev.resdsl.runtime.NetworkFactory")
        .orElseThrow().getCharContent(false).toString();
    assertEquals("p.Det$Factory\np.Other$Factory\n", services);
  }

  @Test
  void sameSpecTwiceGivesByteIdenticalSource() {
    String first = generated(compile(SPEC), "p.Det");
    String second = generated(compile(SPEC), "p.Det");
    assertThat(second.getBytes(StandardCharsets.UTF_8))
        .isEqualTo(first.getBytes(StandardCharsets.UTF_8));
    // and the spec's values made it into the class
    assertThat(first).contains("new LayerConventions(true, 0.001, 0.99, StridePlacement.MIDDLE,"
        + " true)");
    assertThat(first).contains("plan.head(Pool.AVG, 0.25, 10)");
  }

  @Test
  void outputDoesNotDependOnTheOrderOfSources() {
    Compilation forward = compile(SPEC, OTHER);
    Compilation backward = compile(OTHER, SPEC);
    assertThat(generated(backward, "p.Det")).isEqualTo(generated(forward, "p.Det"));
    assertThat(generated(backward, "p.Other")).isEqualTo(generated(forward, "p.Other"));
  }

  @Test
  void generatedAnnotationNamesTheProcessorItsVersionAndNoDate() {
    String source = generated(compile(SPEC), "p.Det");
    assertThat(source).contains("import javax.annotation.processing.Generated;");
    assertThat(source).contains("@Generated(\n    value = \"" + PROCESSOR + "\",\n"
        + "    comments = \"ResDSL " + ProcessorVersion.get() + "\"\n)\npublic final class Det ");
    assertThat(source).doesNotContain("date");
    assertThat(source).doesNotContainMatch("\\d{4}-\\d{2}-\\d{2}");
    assertThat(source).doesNotContainMatch("\\d{2}:\\d{2}:\\d{2}");
  }

  @Test
  void declaredAggregatingForGradleSinceOneServicesFileListsEveryNetwork() throws IOException {
    List<String> lines = resourceLines("META-INF/gradle/incremental.annotation.processors");
    assertThat(lines).contains(PROCESSOR + ",aggregating");
  }

  @Test
  void registeredAsAService() throws IOException {
    assertThat(resourceLines("META-INF/services/javax.annotation.processing.Processor"))
        .contains(PROCESSOR);
    List<String> found = new ArrayList<>();
    for (Processor processor : ServiceLoader.load(Processor.class)) {
      found.add(processor.getClass().getName());
    }
    assertThat(found).contains(PROCESSOR);
  }

  @Test
  void javacFindsTheProcessorOnTheClasspath(@TempDir Path temp) {
    // No explicit processor: javac discovers it through META-INF/services, as in a user's build.
    // compile-testing's Compiler.javac().compile(...) cannot show this: it always passes javac a
    // processor list (empty without withProcessors), which turns discovery off.
    Map<String, String> generated = Specs.generatedByDiscoveredProcessors(temp, SPEC);
    assertThat(generated.keySet()).containsExactly("p.Det");
    assertThat(generated.get("p.Det")).isEqualTo(generated(compile(SPEC), "p.Det"));
  }

  @Test
  void compileTestingWithoutProcessorsRunsNone() {
    // The reason for the test above: documents compile-testing's behaviour, so that if it ever
    // starts discovering processors, the discovery test can move to Compiler.javac().
    Compilation compilation = Compiler.javac().compile(SPEC);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFiles()).isEmpty();
  }

  @Test
  void supportsTheLatestSourceVersionAndEveryAnnotation() {
    ResDslProcessor processor = new ResDslProcessor();
    assertThat(processor.getSupportedSourceVersion())
        .isEqualTo(javax.lang.model.SourceVersion.latestSupported());
    assertThat(processor.getSupportedAnnotationTypes()).containsExactly(
        "dev.resdsl.annotations.Network",
        "dev.resdsl.annotations.Stem",
        "dev.resdsl.annotations.ResidualStage",
        "dev.resdsl.annotations.ResidualStages",
        "dev.resdsl.annotations.Head",
        "dev.resdsl.annotations.Conventions");
  }

  /** The non-blank, non-comment lines of every copy of a resource on the classpath. */
  private static List<String> resourceLines(String name) throws IOException {
    List<String> lines = new ArrayList<>();
    for (URL url : Collections.list(DeterminismTest.class.getClassLoader().getResources(name))) {
      try (InputStream in = url.openStream()) {
        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .forEach(lines::add);
      }
    }
    return lines;
  }
}
