package dev.resdsl.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.resdsl.processor.Specs.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.resdsl.processor.generate.ProcessorVersion;
import dev.resdsl.processor.validate.DiagnosticId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated sources of three networks against golden files in {@code src/test/resources/golden},
 * which were checked by hand: shapes, counts (against torchvision and the CIFAR paper), and the
 * shortcut each block resolves to. The generated code must also compile cleanly against the
 * runtime.
 *
 * <p>When the generator changes on purpose, regenerate the golden files with {@code mvn -pl
 * dsl-processor -am verify -Dtest=GoldenSourcesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dresdsl.golden.write=$PWD/dsl-processor/src/test/resources/golden}, which writes each actual
 * source there before comparing, and review the diff like code. Golden files write the
 * processor's version as {@value #VERSION}, so that a release does not change them.
 */
class GoldenSourcesTest {
  /** Where a golden file has the processor's version. */
  static final String VERSION = "${project.version}";

  /**
   * BASIC blocks, option B: torchvision's ResNet-34 (21,797,672 parameters, 3.664 GFLOPS). Blocks
   * resolve to IDENTITY except each stage's first from conv3 on, where the shape changes.
   */
  static final JavaFileObject RESNET34 = JavaFileObjects.forSourceString("p.ResNet34Spec", """
      package p;

      import dev.resdsl.annotations.Input;
      import dev.resdsl.annotations.Network;
      import dev.resdsl.annotations.Pool;
      import dev.resdsl.annotations.ResidualStage;
      import dev.resdsl.annotations.Stem;

      @Network(input = @Input(channels = 3, height = 224, width = 224), classes = 1000,
               expectParameters = 21_797_672)
      @Stem(filters = 64, kernel = 7, stride = 2, pool = Pool.MAX)
      @ResidualStage(name = "conv2", blocks = 3, filters = 64)
      @ResidualStage(name = "conv3", blocks = 4, filters = 128, stride = 2)
      @ResidualStage(name = "conv4", blocks = 6, filters = 256, stride = 2)
      @ResidualStage(name = "conv5", blocks = 3, filters = 512, stride = 2, expect = "512x7x7")
      interface ResNet34Spec {}
      """);

  /**
   * BOTTLENECK blocks with the stride on the 3x3, a dropout head, and option C on the last
   * stage: conv2's first block projects 32 to 64 channels, conv3's first block projects and
   * strides, every conv4 block projects (PROJECTION_ALL).
   */
  static final JavaFileObject TINY_BOTTLENECK =
      JavaFileObjects.forSourceString("p.TinyBottleneckSpec", """
      package p;

      import dev.resdsl.annotations.Block;
      import dev.resdsl.annotations.Conventions;
      import dev.resdsl.annotations.Head;
      import dev.resdsl.annotations.Input;
      import dev.resdsl.annotations.Network;
      import dev.resdsl.annotations.Pool;
      import dev.resdsl.annotations.ResidualStage;
      import dev.resdsl.annotations.Shortcut;
      import dev.resdsl.annotations.Stem;
      import dev.resdsl.annotations.StridePlacement;

      @Network(input = @Input(channels = 3, height = 64, width = 64), classes = 100)
      @Stem(filters = 32, kernel = 7, stride = 2, pool = Pool.MAX)
      @ResidualStage(name = "conv2", blocks = 2, filters = 16, block = Block.BOTTLENECK)
      @ResidualStage(name = "conv3", blocks = 3, filters = 32, block = Block.BOTTLENECK, stride = 2)
      @ResidualStage(name = "conv4", blocks = 2, filters = 64, block = Block.BOTTLENECK, stride = 2,
                     shortcut = Shortcut.PROJECTION_ALL, expect = "256x4x4")
      @Head(pool = Pool.AVG, dropout = 0.2)
      @Conventions(bottleneckStride = StridePlacement.MIDDLE)
      interface TinyBottleneckSpec {}
      """);

  /** Option A: the CIFAR ResNet-20 (269,722 parameters), ZERO_PAD on stage2 and stage3's first. */
  static final JavaFileObject RESNET20 = JavaFileObjects.forSourceString("p.ResNet20Spec", """
      package p;

      import dev.resdsl.annotations.Input;
      import dev.resdsl.annotations.Network;
      import dev.resdsl.annotations.ResidualStage;
      import dev.resdsl.annotations.Shortcut;
      import dev.resdsl.annotations.Stem;

      @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10,
               expectParameters = 269_722)
      @Stem(filters = 16)
      @ResidualStage(blocks = 3, filters = 16, shortcut = Shortcut.ZERO_PAD)
      @ResidualStage(blocks = 3, filters = 32, stride = 2, shortcut = Shortcut.ZERO_PAD)
      @ResidualStage(blocks = 3, filters = 64, stride = 2, shortcut = Shortcut.ZERO_PAD,
                     expect = "64x8x8")
      interface ResNet20Spec {}
      """);

  @Test
  void basicNetwork() {
    assertGolden(RESNET34, "ResNet34");
  }

  @Test
  void bottleneckNetwork() {
    assertGolden(TINY_BOTTLENECK, "TinyBottleneck");
  }

  @Test
  void zeroPadNetwork() {
    assertGolden(RESNET20, "ResNet20");
  }

  @Test
  void specsCompiledTogetherGenerateTheSameSources() {
    Compilation compilation = compile(RESNET20, TINY_BOTTLENECK, RESNET34);
    assertThat(compilation).succeededWithoutWarnings();
    for (String name : new String[] {"ResNet34", "TinyBottleneck", "ResNet20"}) {
      assertThat(compilation).generatedSourceFile("p." + name).hasSourceEquivalentTo(golden(name));
    }
  }

  @Test
  void earlierOutputCompiledAsASourceIsKept() {
    // A non-clean incremental build hands javac the class generated last time as a source: that
    // is no name clash, and the processor leaves the file alone.
    Compilation compilation = compile(RESNET20, golden("ResNet20"));
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(0, compilation.generatedSourceFiles().size());
  }

  @Test
  void aClassGeneratedByAnotherToolIsAClash() {
    JavaFileObject foreign = JavaFileObjects.forSourceString("p.ResNet20", """
        package p;

        @javax.annotation.processing.Generated("some.other.Processor")
        public final class ResNet20 {}
        """);
    Compilation compilation = compile(RESNET20, foreign);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(DiagnosticId.NAME_CLASH.tag())
        .inFile(RESNET20).onLineContaining("@Network(");
  }

  private static void assertGolden(JavaFileObject spec, String name) {
    Compilation compilation = compile(spec);
    assertThat(compilation).succeededWithoutWarnings();
    String rewrite = System.getProperty("resdsl.golden.write", "");
    if (!rewrite.isEmpty()) {
      try {
        Files.writeString(Path.of(rewrite, name + ".java"),
            contents(compilation, name).replace(ProcessorVersion.get(), VERSION));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(compilation).generatedSourceFile("p." + name).hasSourceEquivalentTo(golden(name));
    // Comments are part of the output too: the shape table and the per-stage comments.
    String actual = compilation.generatedSourceFile("p." + name).orElseThrow().toString();
    assertEquals(goldenText(name), contents(compilation, name),
        "generated " + actual + " differs from golden/" + name + ".java in its text");
  }

  /** The golden source of class {@code p.<name>}. */
  private static JavaFileObject golden(String name) {
    return JavaFileObjects.forSourceString("p." + name, goldenText(name));
  }

  private static String goldenText(String name) {
    return resource("golden/" + name + ".java").replace(VERSION, ProcessorVersion.get());
  }

  private static String contents(Compilation compilation, String name) {
    try {
      return compilation.generatedSourceFile("p." + name).orElseThrow()
          .getCharContent(false).toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String resource(String path) {
    try (InputStream in = GoldenSourcesTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new AssertionError("no resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
