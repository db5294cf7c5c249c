package dev.resdsl.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.resdsl.processor.Specs.compile;
import static dev.resdsl.processor.Specs.generatedEvenOnFailure;
import static dev.resdsl.processor.Specs.spec;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every diagnostic of the processor: its message (the distinctive part, with the shapes and path
 * where it has them) and the source line it is reported on. Specs write each attribute on its own
 * line, so that a line assertion pins the annotation value the diagnostic points at.
 */
class DiagnosticsTest {
  @TempDir Path temp;

  /** Asserts that the compilation failed with exactly one error, {@code message} on {@code line}. */
  private static void assertSingleError(
      Compilation compilation, JavaFileObject file, String message, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }

  @Nested
  class InputAndNetwork {
    @Test
    void nonPositiveInputChannels() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(
                  channels = 0,
                  height = 32,
                  width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Input channels must be positive, was 0: declare the image's channels, 3 for RGB",
          "channels = 0");
    }

    @Test
    void nonPositiveInputHeight() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(
                  channels = 3,
                  height = -4,
                  width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Input height must be positive, was -4: declare the image height in pixels",
          "height = -4");
    }

    @Test
    void nonPositiveInputWidth() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(
                  channels = 3,
                  height = 32,
                  width = 0),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Input width must be positive, was 0: declare the image width in pixels",
          "width = 0");
    }

    @Test
    void nonPositiveClasses() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 0)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Network classes must be positive, was 0: declare how many classes the network tells"
              + " apart",
          "classes = 0");
    }

    @Test
    void badClassName() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              name = "My Net")
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Network name \"My Net\" is not a Java identifier: name the class like \"ResNet20\"",
          "name = \"My Net\"");
    }

    @Test
    void qualifiedClassNameIsRejected() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              name = "q.Net")
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Network name \"q.Net\" is not a Java identifier", "name = \"q.Net\"");
    }

    @Test
    void keywordClassNameIsRejected() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              name = "class")
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Network name \"class\" is not a Java identifier", "name = \"class\"");
    }

    @Test
    void expectParametersBelowMinusOne() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              expectParameters = -2)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Network expectParameters must be a count or -1 (unchecked), was -2: pin the count the"
              + " compiler reports, or remove expectParameters",
          "expectParameters = -2");
    }

    @Test
    void expectParametersMismatchPrintsBothCounts() {
      JavaFileObject file = spec("ResNet20Spec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              expectParameters = 270_000)
          @Stem(filters = 16)
          @ResidualStage(blocks = 3, filters = 16, shortcut = Shortcut.ZERO_PAD)
          @ResidualStage(blocks = 3, filters = 32, stride = 2, shortcut = Shortcut.ZERO_PAD)
          @ResidualStage(blocks = 3, filters = 64, stride = 2, shortcut = Shortcut.ZERO_PAD)
          interface ResNet20Spec {}
          """);
      assertSingleError(compile(file), file,
          "ResNet20 has 269,722 trainable parameters, not the expected 270,000 (difference -278):"
              + " fix the network or write expectParameters = 269_722",
          "expectParameters = 270_000");
    }

    @Test
    void networkWithoutStages() {
      JavaFileObject file = spec("EmptySpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @Stem(filters = 16)
          interface EmptySpec {}
          """);
      Compilation compilation = compile(file);
      assertSingleError(compilation, file,
          "EmptySpec declares no @ResidualStage: add at least one, such as"
              + " @ResidualStage(blocks = 2, filters = 64)",
          "@Network(");
      assertThat(compilation).hadErrorContaining("declares no @ResidualStage")
          .inFile(file).onLine(5);
    }
  }

  @Nested
  class StemValues {
    @Test
    void nonPositiveStemFilters() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(
              filters = 0,
              kernel = 3)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Stem filters must be positive, was 0: declare the stem's output channels, such as 64",
          "filters = 0");
    }

    @Test
    void zeroStemKernel() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(
              filters = 16,
              kernel = 0)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      // Only the sign is reported, not also "must be odd".
      assertSingleError(compile(file), file,
          "@Stem kernel must be positive, was 0: use kernel = 3 or 7", "kernel = 0");
    }

    @Test
    void evenStemKernel() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(
              filters = 16,
              kernel = 4)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Stem kernel must be odd for symmetric padding, was 4: use kernel = 5 or 3",
          "kernel = 4");
    }

    @Test
    void nonPositiveStemStride() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(
              filters = 16,
              stride = 0)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Stem stride must be positive, was 0: use stride = 1, or 2 to halve the size",
          "stride = 0");
    }
  }

  @Nested
  class StageValues {
    @Test
    void nonPositiveBlocks() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 0,
              filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage1: blocks must be positive, was 0: declare at least one block", "blocks = 0");
    }

    @Test
    void nonPositiveFilters() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = -16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage1: filters must be positive, was -16: declare the stage's width, such as 64",
          "filters = -16");
    }

    @Test
    void nonPositiveStageStride() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              name = "conv2",
              blocks = 2,
              filters = 16,
              stride = 0)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "conv2: stride must be positive, was 0: use stride = 1, or 2 to halve the size",
          "stride = 0");
    }

    @Test
    void stageNameNotAnIdentifier() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16)
          @ResidualStage(
              name = "conv-3",
              blocks = 2,
              filters = 32)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage 2: name \"conv-3\" is not a Java identifier: use letters, digits and underscores,"
              + " not starting with a digit",
          "name = \"conv-3\"");
    }

    @Test
    void stageNameStartingWithDigit() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              name = "2a",
              blocks = 2,
              filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage 1: name \"2a\" is not a Java identifier", "name = \"2a\"");
    }

    @Test
    void repeatedStageName() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              name = "conv2",
              blocks = 2,
              filters = 16)
          @ResidualStage(
              name = "body",
              blocks = 2,
              filters = 32)
          @ResidualStage(
              name = "conv2" ,
              blocks = 2,
              filters = 64)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage name \"conv2\" repeats \"conv2\" of stage 1 (names are compared upper-cased, as"
              + " the Stage constants): give each stage its own name",
          "name = \"conv2\" ,");
    }

    @Test
    void repeatedStageNameIgnoresCase() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              name = "conv2",
              blocks = 2,
              filters = 16)
          @ResidualStage(
              name = "CONV2",
              blocks = 2,
              filters = 32)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage name \"CONV2\" repeats \"conv2\" of stage 1 (names are compared upper-cased",
          "name = \"CONV2\"");
    }

    @Test
    void repeatedDefaultStageName() {
      // The second stage is stage2 by default, which the first one claims explicitly.
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              name = "stage2",
              blocks = 2,
              filters = 16)
          @ResidualStage(blocks = 2, filters = 32)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage name \"stage2\" repeats \"stage2\" of stage 1",
          "@ResidualStage(blocks = 2, filters = 32)");
    }

    @Test
    void reservedStageName() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16)
          @ResidualStage(
              name = "Stem",
              blocks = 2,
              filters = 32)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage 2: name \"Stem\" is reserved for the stem: choose another stage name",
          "name = \"Stem\"");
    }

    @Test
    void reservedStageNameOnASingleStage() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              name = "stem",
              blocks = 2,
              filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage 1: name \"stem\" is reserved for the stem", "name = \"stem\"");
    }
  }

  @Nested
  class HeadAndConventions {
    @Test
    void dropoutOfOne() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @Head(
              pool = Pool.AVG,
              dropout = 1.0)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Head dropout must be in [0, 1), was 1.0: use a probability such as 0.2, or 0 for no"
              + " dropout",
          "dropout = 1.0");
    }

    @Test
    void negativeDropout() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @Head(
              dropout = -0.1)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Head dropout must be in [0, 1), was -0.1", "dropout = -0.1");
    }

    @Test
    void zeroBatchNormEpsilon() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @Conventions(
              convBias = false,
              batchNormEpsilon = 0)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Conventions batchNormEpsilon must be positive, was 0.0: use 1e-5",
          "batchNormEpsilon = 0");
    }

    @Test
    void negativeBatchNormEpsilon() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @Conventions(
              batchNormEpsilon = -1e-3)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Conventions batchNormEpsilon must be positive, was -0.001", "batchNormEpsilon = -1e-3");
    }

    @Test
    void batchNormDecayOfOne() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @Conventions(
              batchNormEpsilon = 1e-5,
              batchNormDecay = 1.0)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Conventions batchNormDecay must be in [0, 1), was 1.0: use 0.9",
          "batchNormDecay = 1.0");
    }

    @Test
    void negativeBatchNormDecay() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @Conventions(
              batchNormDecay = -0.5)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "@Conventions batchNormDecay must be in [0, 1), was -0.5: use 0.9",
          "batchNormDecay = -0.5");
    }
  }

  @Nested
  class Orphans {
    @Test
    void stemWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @Stem(
              filters = 16)
          interface Lonely {}
          """);
      assertSingleError(compile(file), file,
          "@Stem on Lonely has no @Network: add @Network(input = @Input(...), classes = ...) to"
              + " Lonely or remove @Stem",
          "@Stem(");
    }

    @Test
    void residualStageWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          /** A stray stage. */
          @ResidualStage(
              blocks = 2,
              filters = 16)
          interface Lonely {}
          """);
      assertSingleError(compile(file), file,
          "@ResidualStage on Lonely has no @Network: add @Network(input = @Input(...), classes ="
              + " ...) to Lonely or remove @ResidualStage",
          "@ResidualStage(");
    }

    @Test
    void repeatedResidualStagesWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @Deprecated
          @ResidualStage(blocks = 2, filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 32)
          interface Lonely {}
          """);
      // javac folds the two into an implicit @ResidualStages without a source position: the
      // error goes on the first @ResidualStage, not on the type.
      assertSingleError(compile(file), file,
          "@ResidualStage on Lonely has no @Network: add @Network(input = @Input(...), classes ="
              + " ...) to Lonely or remove @ResidualStage",
          "@ResidualStage(blocks = 2, filters = 16)");
    }

    @Test
    void explicitResidualStagesContainerWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @ResidualStages({
              @ResidualStage(blocks = 2, filters = 16),
              @ResidualStage(blocks = 2, filters = 32)
          })
          interface Lonely {}
          """);
      assertSingleError(compile(file), file,
          "@ResidualStage on Lonely has no @Network", "@ResidualStages({");
    }

    @Test
    void headWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @Head(
              dropout = 0.5)
          abstract class Lonely {}
          """);
      assertSingleError(compile(file), file,
          "@Head on Lonely has no @Network: add @Network(input = @Input(...), classes = ...) to"
              + " Lonely or remove @Head",
          "@Head(");
    }

    @Test
    void conventionsWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @Conventions(
              convBias = true)
          interface Lonely {}
          """);
      assertSingleError(compile(file), file,
          "@Conventions on Lonely has no @Network: add @Network(input = @Input(...), classes ="
              + " ...) to Lonely or remove @Conventions",
          "@Conventions(");
    }

    @Test
    void everyOrphanOfATypeIsReported() {
      JavaFileObject file = spec("Lonely", """
          @Stem(filters = 16)
          @ResidualStage(blocks = 2, filters = 16)
          @Head(dropout = 0.5)
          @Conventions(convBias = true)
          interface Lonely {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).hadErrorCount(4);
      assertThat(compilation).hadErrorContaining("@Stem on Lonely")
          .inFile(file).onLineContaining("@Stem(");
      assertThat(compilation).hadErrorContaining("@ResidualStage on Lonely")
          .inFile(file).onLineContaining("@ResidualStage(");
      assertThat(compilation).hadErrorContaining("@Head on Lonely")
          .inFile(file).onLineContaining("@Head(");
      assertThat(compilation).hadErrorContaining("@Conventions on Lonely")
          .inFile(file).onLineContaining("@Conventions(");
    }
  }

  @Nested
  class SpecKinds {
    @Test
    void concreteClass() {
      JavaFileObject file = spec("Concrete", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          final class Concrete {}
          """);
      Compilation compilation = compile(file);
      assertSingleError(compilation, file,
          "@Network must be on an interface or abstract class, but Concrete is a concrete class:"
              + " declare it as an interface",
          "@Network(");
      assertThat(generatedEvenOnFailure(temp, file)).isEmpty();
    }

    @Test
    void enumSpec() {
      JavaFileObject file = spec("Kinds", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          enum Kinds { A, B }
          """);
      assertSingleError(compile(file), file,
          "@Network must be on an interface or abstract class, but Kinds is an enum: declare it"
              + " as an interface",
          "@Network(");
    }

    @Test
    void recordSpec() {
      JavaFileObject file = spec("Point", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          record Point(int x, int y) {}
          """);
      assertSingleError(compile(file), file,
          "@Network must be on an interface or abstract class, but Point is a record: declare it"
              + " as an interface",
          "@Network(");
    }

    @Test
    void annotationTypeSpec() {
      JavaFileObject file = spec("Marker", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          @interface Marker {}
          """);
      assertSingleError(compile(file), file,
          "but Marker is an annotation type: declare it as an interface", "@Network(");
    }

    @Test
    void nestedSpecGeneratesATopLevelClassInItsPackage() {
      JavaFileObject file = spec("Zoo", """
          interface Zoo {
            @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
            @ResidualStage(
                blocks = 2,
                filters = 16)
            @ResidualStage(
                blocks = 2,
                filters = 0)
            interface TinySpec {}

            @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
            @ResidualStage(blocks = 1, filters = 8)
            interface SmallSpec {}
          }
          """);
      Compilation compilation = compile(file);
      assertSingleError(compilation, file, "stage2: filters must be positive, was 0",
          "filters = 0");
      assertThat(generatedEvenOnFailure(temp, file).get("p.Small"))
          .contains("The network declared by {@link Zoo.SmallSpec}");
    }

    @Test
    void abstractClassIsASpec() {
      JavaFileObject file = spec("AbstractNetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          abstract class AbstractNetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeededWithoutWarnings();
      assertThat(compilation).generatedSourceFile("p.AbstractNet").isNotNull();
    }
  }

  @Nested
  class Names {
    private final JavaFileObject existing = JavaFileObjects.forSourceString("p.Existing", """
        package p;

        public class Existing {}
        """);

    @Test
    void explicitNameClashesWithExistingType() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              name = "Existing")
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(existing, file), file,
          "cannot generate p.Existing: a type of that name exists already; choose another with"
              + " @Network(name = \"...\")",
          "name = \"Existing\"");
    }

    @Test
    void defaultNameClashesWithExistingType() {
      // ExistingSpec generates Existing by default; without a name value the @Network carries it.
      JavaFileObject file = spec("ExistingSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          interface ExistingSpec {}
          """);
      assertSingleError(compile(existing, file), file,
          "cannot generate p.Existing: a type of that name exists already", "@Network(");
    }

    @Test
    void defaultNetworkSuffixClashesWithExistingType() {
      JavaFileObject taken = JavaFileObjects.forSourceString("p.TinyNetwork", """
          package p;

          class TinyNetwork {}
          """);
      JavaFileObject file = spec("Tiny", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          interface Tiny {}
          """);
      assertSingleError(compile(taken, file), file,
          "cannot generate p.TinyNetwork: a type of that name exists already", "@Network(");
    }

    @Test
    void twoSpecsGeneratingTheSameName() {
      JavaFileObject first = spec("FirstSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              name = "Shared")
          @ResidualStage(blocks = 1, filters = 16)
          interface FirstSpec {}
          """);
      JavaFileObject second = spec("SecondSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              name = "Shared")
          @ResidualStage(blocks = 1, filters = 32)
          interface SecondSpec {}
          """);
      Compilation compilation = compile(first, second);
      assertSingleError(compilation, second,
          "cannot generate p.Shared: a type of that name exists already", "name = \"Shared\"");
      // The first spec keeps its class.
      assertThat(generatedEvenOnFailure(temp, first, second).get("p.Shared"))
          .contains("The network declared by {@link FirstSpec}");
    }
  }

  @Nested
  class Shortcuts {
    @Test
    void identityAcrossChannelChange() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 32,
              shortcut = Shortcut.IDENTITY)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage2: shortcut IDENTITY cannot join 16x32x32 to 32x32x32 (input 3x32x32 -> stem"
              + " 16x32x32 -> stage1 16x32x32 -> stage2 32x32x32): use shortcut = ZERO_PAD or"
              + " PROJECTION",
          "shortcut = Shortcut.IDENTITY");
    }

    @Test
    void identityAcrossSpatialChange() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              stride = 2,
              shortcut = Shortcut.IDENTITY)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage2: shortcut IDENTITY cannot join 16x32x32 to 16x16x16 (input 3x32x32 -> stem"
              + " 16x32x32 -> stage1 16x32x32 -> stage2 16x16x16)",
          "shortcut = Shortcut.IDENTITY");
    }

    @Test
    void identityAcrossChannelAndSpatialChangePrintsThePath() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 3,
              filters = 16,
              shortcut = Shortcut.IDENTITY)
          @ResidualStage(
              blocks = 3,
              filters = 32,
              stride = 2,
              shortcut = Shortcut.IDENTITY )
          @ResidualStage(
              blocks = 3,
              filters = 64,
              stride = 2)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "(input 3x32x32 -> stem 16x32x32 -> stage1 16x32x32 -> stage2 32x16x16)",
          "shortcut = Shortcut.IDENTITY )");
    }

    @Test
    void identityOnTheFirstStageWithoutStem() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 1,
              filters = 16,
              shortcut = Shortcut.IDENTITY)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage1: shortcut IDENTITY cannot join 3x32x32 to 16x32x32 (input 3x32x32 -> stage1"
              + " 16x32x32)",
          "shortcut = Shortcut.IDENTITY");
    }

    @Test
    void zeroPadShrinkingChannels() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 64)
          @ResidualStage(
              name = "narrow",
              blocks = 2,
              filters = 32,
              shortcut = Shortcut.ZERO_PAD)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "narrow: shortcut ZERO_PAD cannot shrink channels from 64 to 32 (input 3x32x32 -> stem"
              + " 64x32x32 -> narrow 32x32x32): use shortcut = PROJECTION",
          "shortcut = Shortcut.ZERO_PAD");
    }
  }

  @Nested
  class Expectations {
    @Test
    void malformedExpect() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 1,
              filters = 16,
              expect = "16 by 32 by 32")
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage1: expect \"16 by 32 by 32\" is not a shape CxHxW of positive integers: write it"
              + " like \"64x8x8\"",
          "expect = \"16 by 32 by 32\"");
    }

    @Test
    void expectWithZeroDimensionIsMalformed() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 1,
              filters = 16,
              expect = "0x32x32")
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage1: expect \"0x32x32\" is not a shape CxHxW of positive integers",
          "expect = \"0x32x32\"");
    }

    @Test
    void expectMismatch() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 3,
              filters = 16,
              shortcut = Shortcut.ZERO_PAD)
          @ResidualStage(
              blocks = 3,
              filters = 32,
              stride = 2,
              shortcut = Shortcut.ZERO_PAD)
          @ResidualStage(
              blocks = 3,
              filters = 64,
              stride = 2,
              shortcut = Shortcut.ZERO_PAD,
              expect = "64x16x16")
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage3 outputs 64x8x8, not the expected 64x16x16 (input 3x32x32 -> stem 16x32x32 ->"
              + " stage1 16x32x32 -> stage2 32x16x16 -> stage3 64x8x8): fix the stage or write"
              + " expect = \"64x8x8\"",
          "expect = \"64x16x16\"");
    }

    @Test
    void matchingExpectWithSpacesPasses() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 1,
              filters = 16,
              stride = 2,
              expect = " 16 x 16 x 16 ")
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeededWithoutWarnings();
      assertThat(compilation).generatedSourceFile("p.Net").isNotNull();
    }
  }

  @Nested
  class Strides {
    @Test
    void strictStageStrideThatDoesNotDivide() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 7, width = 7),
              classes = 10,
              strict = true)
          @ResidualStage(
              blocks = 1,
              filters = 8,
              stride = 2)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertSingleError(compilation, file,
          "stage1: stride 2 does not divide 7x7; the output is rounded up to 4x4 (input 3x7x7 ->"
              + " stage1 8x4x4): use an input whose size the strides divide, or strict = false to"
              + " allow rounding",
          "stride = 2");
      assertThat(generatedEvenOnFailure(temp, file)).isEmpty();
    }

    @Test
    void strictStemStrideThatDoesNotDivide() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 7, width = 9),
              classes = 10,
              strict = true)
          @Stem(
              filters = 8,
              stride = 2)
          @ResidualStage(blocks = 1, filters = 8)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stem: stride 2 does not divide 7x9; the output is rounded up to 4x5 (input 3x7x9 ->"
              + " stem 8x4x5): use an input whose size the strides divide, or strict = false to"
              + " allow rounding",
          "stride = 2");
    }

    @Test
    void strictStemPoolThatDoesNotDivide() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 30, width = 30),
              classes = 10,
              strict = true)
          @Stem(
              filters = 8,
              kernel = 7,
              stride = 2,
              pool = Pool.MAX)
          @ResidualStage(blocks = 1, filters = 8)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file,
          "stem pool: stride 2 does not divide 15x15; the output is rounded up to 8x8 (input"
              + " 3x30x30 -> stem 8x8x8): use an input whose size the strides divide, or strict ="
              + " false to allow rounding",
          "pool = Pool.MAX");
    }

    @Test
    void lenientStageStrideIsAWarningAndGenerates() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 7, width = 7),
              classes = 10)
          @ResidualStage(
              blocks = 1,
              filters = 8,
              stride = 2)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeeded();
      assertThat(compilation).hadWarningCount(1);
      assertThat(compilation)
          .hadWarningContaining("stage1: stride 2 does not divide 7x7; the output is rounded up to"
              + " 4x4 (input 3x7x7 -> stage1 8x4x4): use an input whose size the strides divide, or"
              + " strict = true to make this an error")
          .inFile(file)
          .onLineContaining("stride = 2");
      assertThat(compilation).generatedSourceFile("p.Net")
          .contentsAsUtf8String().contains("new Shape(8, 4, 4)");
    }

    @Test
    void lenientStemStrideIsAWarningAndGenerates() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 7, width = 9),
              classes = 10)
          @Stem(
              filters = 8,
              stride = 2)
          @ResidualStage(blocks = 1, filters = 8)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeeded();
      assertThat(compilation).hadWarningCount(1);
      assertThat(compilation)
          .hadWarningContaining("stem: stride 2 does not divide 7x9; the output is rounded up to"
              + " 4x5 (input 3x7x9 -> stem 8x4x5): use an input whose size the strides divide, or"
              + " strict = true to make this an error")
          .inFile(file)
          .onLineContaining("stride = 2");
      assertThat(compilation).generatedSourceFile("p.Net")
          .contentsAsUtf8String().contains("STEM(\"stem\", \"stem\", new Shape(8, 4, 5))");
    }

    @Test
    void lenientStemPoolIsAWarningAndGenerates() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 30, width = 30),
              classes = 10,
              strict = false)
          @Stem(
              filters = 8,
              kernel = 7,
              stride = 2,
              pool = Pool.MAX)
          @ResidualStage(blocks = 1, filters = 8)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeeded();
      assertThat(compilation).hadWarningCount(1);
      assertThat(compilation)
          .hadWarningContaining("stem pool: stride 2 does not divide 15x15; the output is rounded"
              + " up to 8x8 (input 3x30x30 -> stem 8x8x8)")
          .inFile(file)
          .onLineContaining("pool = Pool.MAX");
      assertThat(compilation).generatedSourceFile("p.Net").isNotNull();
    }

    @Test
    void stridesThatDivideAreSilent() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10,
              strict = true)
          @Stem(filters = 8, stride = 2, pool = Pool.MAX)
          @ResidualStage(blocks = 1, filters = 8, stride = 2)
          interface NetSpec {}
          """);
      assertThat(compile(file)).succeededWithoutWarnings();
    }
  }

  @Nested
  class Gathering {
    @Test
    void everyErrorOfASpecIsReportedInOneCompilation() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 0,
              expectParameters = 12_345)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 32,
              shortcut = Shortcut.IDENTITY)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorCount(3);
      assertThat(compilation).hadErrorContaining("@Network classes must be positive, was 0")
          .inFile(file).onLineContaining("classes = 0");
      assertThat(compilation)
          .hadErrorContaining("stage1: shortcut IDENTITY cannot join 16x32x32 to 32x32x32")
          .inFile(file).onLineContaining("shortcut = Shortcut.IDENTITY");
      assertThat(compilation).hadErrorContaining("not the expected 12,345")
          .inFile(file).onLineContaining("expectParameters = 12_345");
      assertThat(generatedEvenOnFailure(temp, file)).isEmpty();
    }

    @Test
    void anErrorInOneSpecDoesNotStopAnother() {
      JavaFileObject bad = spec("BadSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(
              blocks = 0,
              filters = 16)
          interface BadSpec {}
          """);
      JavaFileObject good = spec("GoodNetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @ResidualStage(blocks = 1, filters = 16)
          interface GoodNetSpec {}
          """);
      Compilation compilation = compile(bad, good);
      assertSingleError(compilation, bad, "stage1: blocks must be positive, was 0", "blocks = 0");
      // compile-testing hides the generated files of a failed compilation: look on disk.
      assertThat(generatedEvenOnFailure(temp, bad, good).keySet()).containsExactly("p.GoodNet");
    }

    @Test
    void repeatedStageErrorsLandOnTheirOwnStage() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 0)
          @ResidualStage(
              name = "9lives",
              blocks = 2,
              filters = 64)
          @ResidualStage(
              blocks = 2,
              filters = 128)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).hadErrorCount(2);
      assertThat(compilation).hadErrorContaining("stage2: filters must be positive, was 0")
          .inFile(file).onLineContaining("filters = 0");
      assertThat(compilation).hadErrorContaining("stage 3: name \"9lives\" is not a Java identifier")
          .inFile(file).onLineContaining("name = \"9lives\"");
    }

    @Test
    void repeatedStageErrorsOnTheSameLineLandOnTheRightColumn() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(blocks = 2, filters = 16, expect = "16x32x32") @ResidualStage(blocks = 2, filters = 16, expect = "99x1x1")
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).hadErrorCount(1);
      String line = "@ResidualStage(blocks = 2, filters = 16, expect = \"16x32x32\") @ResidualStage(";
      long column = line.length() + "blocks = 2, filters = 16, expect = ".length() + 1;
      assertThat(compilation).hadErrorContaining("stage2 outputs 16x32x32, not the expected 99x1x1")
          .inFile(file).onLine(6).atColumn(column);
    }

    @Test
    void fullyQualifiedRepeatedStagesAreFoundToo() {
      JavaFileObject file = JavaFileObjects.forSourceString("p.QualifiedSpec", """
          package p;

          @dev.resdsl.annotations.Network(
              input = @dev.resdsl.annotations.Input(channels = 3, height = 32, width = 32),
              classes = 10)
          @dev.resdsl.annotations.ResidualStage(
              blocks = 2,
              filters = 16)
          @dev.resdsl.annotations.ResidualStage(
              blocks = 2,
              filters = 32,
              expect = "32x32x31")
          interface QualifiedSpec {}
          """);
      assertSingleError(compile(file), file,
          "stage2 outputs 32x32x32, not the expected 32x32x31", "expect = \"32x32x31\"");
    }

    @Test
    void explicitContainerOfStages() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStages({
              @ResidualStage(
                  blocks = 2,
                  filters = 16),
              @ResidualStage(
                  blocks = 2,
                  filters = 32,
                  shortcut = Shortcut.IDENTITY),
              @ResidualStage(
                  blocks = -1,
                  filters = 64)
          })
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining("stage3: blocks must be positive, was -1")
          .inFile(file).onLineContaining("blocks = -1");
    }

    @Test
    void explicitContainerOfStagesReportsPlanErrorsAndGenerates() {
      JavaFileObject broken = spec("BrokenSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStages({
              @ResidualStage(
                  blocks = 2,
                  filters = 16),
              @ResidualStage(
                  blocks = 2,
                  filters = 32,
                  shortcut = Shortcut.IDENTITY)
          })
          interface BrokenSpec {}
          """);
      JavaFileObject fine = spec("FineSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStages({
              @ResidualStage(blocks = 2, filters = 16),
              @ResidualStage(blocks = 2, filters = 32, stride = 2, name = "wide")
          })
          interface FineSpec {}
          """);
      Compilation compilation = compile(broken, fine);
      assertSingleError(compilation, broken,
          "stage2: shortcut IDENTITY cannot join 16x32x32 to 32x32x32",
          "shortcut = Shortcut.IDENTITY");
      Map<String, String> generated = generatedEvenOnFailure(temp, broken, fine);
      assertThat(generated.keySet()).containsExactly("p.Fine");
      assertThat(generated.get("p.Fine"))
          .contains("WIDE(\"wide\", \"wide_block2\", new Shape(32, 16, 16))");
    }
  }
}
