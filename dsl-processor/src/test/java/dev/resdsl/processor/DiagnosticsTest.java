package dev.resdsl.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.resdsl.processor.Specs.compile;
import static dev.resdsl.processor.Specs.generatedEvenOnFailure;
import static dev.resdsl.processor.Specs.spec;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.resdsl.processor.validate.DiagnosticId;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every diagnostic of the processor: its ID and the source line it is reported on. Specs write
 * each attribute on its own line, so that a line assertion pins the annotation value the
 * diagnostic points at. The wording of each message is {@code MessagesTest}'s business.
 */
class DiagnosticsTest {
  @TempDir Path temp;

  /** Asserts that the compilation failed with exactly one error, {@code id}'s, on {@code line}. */
  private static void assertSingleError(
      Compilation compilation, JavaFileObject file, DiagnosticId id, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(id.tag()).inFile(file).onLineContaining(line);
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "channels = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "height = -4");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "width = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "classes = 0");
    }

    @Test
    void oneClass() {
      JavaFileObject file = spec("NetSpec", """
          @Network(
              input = @Input(channels = 3, height = 32, width = 32),
              classes = 1)
          @ResidualStage(blocks = 1, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.TOO_FEW_CLASSES, "classes = 1");
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
      assertSingleError(compile(file), file, DiagnosticId.CLASS_NAME_NOT_IDENTIFIER,
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
      assertSingleError(compile(file), file, DiagnosticId.CLASS_NAME_NOT_IDENTIFIER,
          "name = \"q.Net\"");
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
      assertSingleError(compile(file), file, DiagnosticId.CLASS_NAME_NOT_IDENTIFIER,
          "name = \"class\"");
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
      assertSingleError(compile(file), file, DiagnosticId.INVALID_EXPECT_PARAMETERS,
          "expectParameters = -2");
    }

    @Test
    void expectParametersMismatch() {
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
      assertSingleError(compile(file), file, DiagnosticId.PARAMETER_MISMATCH,
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
      assertSingleError(compilation, file, DiagnosticId.NO_STAGES, "@Network(");
      assertThat(compilation).hadErrorContaining(DiagnosticId.NO_STAGES.tag())
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "filters = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "kernel = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.EVEN_KERNEL, "kernel = 4");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "stride = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "blocks = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "filters = -16");
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
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "stride = 0");
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
      assertSingleError(compile(file), file, DiagnosticId.STAGE_NAME_NOT_IDENTIFIER,
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
      assertSingleError(compile(file), file, DiagnosticId.STAGE_NAME_NOT_IDENTIFIER,
          "name = \"2a\"");
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
      assertSingleError(compile(file), file, DiagnosticId.REPEATED_STAGE_NAME,
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
      assertSingleError(compile(file), file, DiagnosticId.REPEATED_STAGE_NAME, "name = \"CONV2\"");
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
      assertSingleError(compile(file), file, DiagnosticId.REPEATED_STAGE_NAME,
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
      assertSingleError(compile(file), file, DiagnosticId.RESERVED_STAGE_NAME, "name = \"Stem\"");
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
      assertSingleError(compile(file), file, DiagnosticId.RESERVED_STAGE_NAME, "name = \"stem\"");
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
      assertSingleError(compile(file), file, DiagnosticId.DROPOUT_OUT_OF_RANGE, "dropout = 1.0");
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
      assertSingleError(compile(file), file, DiagnosticId.DROPOUT_OUT_OF_RANGE, "dropout = -0.1");
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
      assertSingleError(compile(file), file, DiagnosticId.EPSILON_NOT_POSITIVE,
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
      assertSingleError(compile(file), file, DiagnosticId.EPSILON_NOT_POSITIVE,
          "batchNormEpsilon = -1e-3");
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
      assertSingleError(compile(file), file, DiagnosticId.DECAY_OUT_OF_RANGE,
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
      assertSingleError(compile(file), file, DiagnosticId.DECAY_OUT_OF_RANGE,
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
      assertSingleError(compile(file), file, DiagnosticId.ORPHAN_ANNOTATION, "@Stem(");
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
      assertSingleError(compile(file), file, DiagnosticId.ORPHAN_ANNOTATION, "@ResidualStage(");
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
      assertSingleError(compile(file), file, DiagnosticId.ORPHAN_ANNOTATION,
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
      assertSingleError(compile(file), file, DiagnosticId.ORPHAN_ANNOTATION, "@ResidualStages({");
    }

    @Test
    void headWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @Head(
              dropout = 0.5)
          abstract class Lonely {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.ORPHAN_ANNOTATION, "@Head(");
    }

    @Test
    void conventionsWithoutNetwork() {
      JavaFileObject file = spec("Lonely", """
          @Conventions(
              convBias = true)
          interface Lonely {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.ORPHAN_ANNOTATION, "@Conventions(");
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
      for (String line : new String[] {"@Stem(", "@ResidualStage(", "@Head(", "@Conventions("}) {
        assertThat(compilation).hadErrorContaining(DiagnosticId.ORPHAN_ANNOTATION.tag())
            .inFile(file).onLineContaining(line);
      }
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
      assertSingleError(compilation, file, DiagnosticId.SPEC_NOT_ABSTRACT, "@Network(");
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
      assertSingleError(compile(file), file, DiagnosticId.SPEC_NOT_ABSTRACT, "@Network(");
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
      assertSingleError(compile(file), file, DiagnosticId.SPEC_NOT_ABSTRACT, "@Network(");
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
      assertSingleError(compile(file), file, DiagnosticId.SPEC_NOT_ABSTRACT, "@Network(");
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
      assertSingleError(compilation, file, DiagnosticId.NOT_POSITIVE, "filters = 0");
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
      assertSingleError(compile(existing, file), file, DiagnosticId.NAME_CLASH,
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
      assertSingleError(compile(existing, file), file, DiagnosticId.NAME_CLASH, "@Network(");
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
      assertSingleError(compile(taken, file), file, DiagnosticId.NAME_CLASH, "@Network(");
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
      assertSingleError(compilation, second, DiagnosticId.NAME_CLASH, "name = \"Shared\"");
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
      assertSingleError(compile(file), file, DiagnosticId.IDENTITY_ACROSS_CHANGE,
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
      assertSingleError(compile(file), file, DiagnosticId.IDENTITY_ACROSS_CHANGE,
          "shortcut = Shortcut.IDENTITY");
    }

    @Test
    void identityIsReportedOnlyWhereTheShapeChanges() {
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
      // stage1's IDENTITY keeps 16x32x32 and is fine; stage2's first block changes the shape.
      assertSingleError(compile(file), file, DiagnosticId.IDENTITY_ACROSS_CHANGE,
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
      assertSingleError(compile(file), file, DiagnosticId.IDENTITY_ACROSS_CHANGE,
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
      assertSingleError(compile(file), file, DiagnosticId.ZERO_PAD_SHRINKS,
          "shortcut = Shortcut.ZERO_PAD");
    }
  }

  /**
   * The next wave's attributes: ResNeXt's groups and width, squeeze-and-excitation,
   * pre-activation blocks, the averaging shortcut and the deep stem.
   */
  @Nested
  class NextWave {
    @Test
    void groupsOnABasicBlock() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              groups = 4)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.GROUPS_ON_BASIC_BLOCK, "groups = 4");
    }

    @Test
    void widthPerGroupOnAPreActivationBasicBlock() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              block = Block.PREACT_BASIC,
              widthPerGroup = 128)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.GROUPS_ON_BASIC_BLOCK,
          "widthPerGroup = 128");
    }

    @Test
    void nonPositiveGroups() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              block = Block.BOTTLENECK,
              groups = 0)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "groups = 0");
    }

    @Test
    void nonPositiveWidthPerGroup() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              block = Block.BOTTLENECK,
              groups = 8,
              widthPerGroup = -4)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.NOT_POSITIVE, "widthPerGroup = -4");
    }

    @Test
    void aBottleneckWithoutInnerChannels() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 8,
              block = Block.BOTTLENECK,
              groups = 32,
              widthPerGroup = 4)
          interface NetSpec {}
          """);
      // 8 * 4 / 64 = 0 channels per group.
      assertSingleError(compile(file), file, DiagnosticId.INNER_WIDTH_OUT_OF_RANGE,
          "widthPerGroup = 4");
    }

    @Test
    void aNegativeSqueezeRatio() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              squeezeExcitation = -16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.NEGATIVE_SQUEEZE_RATIO,
          "squeezeExcitation = -16");
    }

    @Test
    void aSqueezeRatioLeavingLessThanOneChannel() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 8,
              squeezeExcitation = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.SQUEEZE_RATIO_DOES_NOT_DIVIDE,
          "squeezeExcitation = 16");
    }

    @Test
    void aSqueezeRatioThatDoesNotDivideTheChannels() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @ResidualStage(
              blocks = 2,
              filters = 24,
              block = Block.BOTTLENECK,
              squeezeExcitation = 64)
          interface NetSpec {}
          """);
      // 96 output channels: 96 / 64 is not whole.
      assertSingleError(compile(file), file, DiagnosticId.SQUEEZE_RATIO_DOES_NOT_DIVIDE,
          "squeezeExcitation = 64");
    }

    @Test
    void mixedActivationIsReportedOnTheFirstStageThatDiffers() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(blocks = 1, filters = 16, block = Block.PREACT_BASIC)
          @ResidualStage(
              blocks = 1,
              filters = 32,
              stride = 2,
              block = Block.BASIC)
          @ResidualStage(
              blocks = 1,
              filters = 64,
              stride = 2,
              block = Block.BOTTLENECK )
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.MIXED_ACTIVATION,
          "block = Block.BASIC)");
    }

    @Test
    void preActivationWithoutShortcut() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              block = Block.PREACT_BASIC,
              shortcut = Shortcut.NONE)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.PRE_ACTIVATION_WITHOUT_SHORTCUT,
          "shortcut = Shortcut.NONE");
    }

    @Test
    void zeroInitResidualInAPreActivationNetwork() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(blocks = 2, filters = 16, block = Block.PREACT_BASIC)
          @Conventions(
              zeroInitResidual = true)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.ZERO_INIT_PRE_ACTIVATION,
          "zeroInitResidual = true");
    }

    @Test
    void aDeepStemOfOneFilter() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(
              filters = 1,
              deep = true)
          @ResidualStage(blocks = 2, filters = 16)
          interface NetSpec {}
          """);
      assertSingleError(compile(file), file, DiagnosticId.DEEP_STEM_TOO_NARROW, "deep = true");
    }

    @Test
    void anAveragingShortcutOnAStageThatKeepsItsShapeIsAWarningAndGenerates() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
          @Stem(filters = 16)
          @ResidualStage(
              blocks = 2,
              filters = 16,
              shortcut = Shortcut.AVG_PROJECTION)
          @ResidualStage(blocks = 2, filters = 32, stride = 2,
              shortcut = Shortcut.AVG_PROJECTION )
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeeded();
      assertThat(compilation).hadWarningCount(1);
      assertThat(compilation)
          .hadWarningContaining(DiagnosticId.AVG_PROJECTION_UNUSED.tag())
          .inFile(file)
          .onLineContaining("shortcut = Shortcut.AVG_PROJECTION)");
    }

    @Test
    void theNextWavesNetworksCompileWithoutFindings() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 64, width = 64), classes = 10)
          @Stem(filters = 16, stride = 2, pool = Pool.MAX, deep = true)
          @ResidualStage(blocks = 1, filters = 16, block = Block.BOTTLENECK, groups = 4,
              widthPerGroup = 16, squeezeExcitation = 16, shortcut = Shortcut.AVG_PROJECTION)
          @ResidualStage(blocks = 2, filters = 32, stride = 2, block = Block.BOTTLENECK,
              widthPerGroup = 128, shortcut = Shortcut.AVG_PROJECTION)
          interface NetSpec {}
          """);
      Compilation compilation = compile(file);
      assertThat(compilation).succeededWithoutWarnings();
      assertThat(compilation).generatedSourceFile("p.Net").contentsAsUtf8String()
          .contains("plan.block(BlockDesign.of(Block.BOTTLENECK, 16).withGroups(4, 16)"
              + ".withSqueezeExcitation(16), 1, BlockShortcut.AVG_PROJECTION);");
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
      assertSingleError(compile(file), file, DiagnosticId.MALFORMED_EXPECT,
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
      assertSingleError(compile(file), file, DiagnosticId.MALFORMED_EXPECT, "expect = \"0x32x32\"");
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
      assertSingleError(compile(file), file, DiagnosticId.EXPECT_MISMATCH, "expect = \"64x16x16\"");
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
      assertSingleError(compilation, file, DiagnosticId.STRIDE_DOES_NOT_DIVIDE, "stride = 2");
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
      assertSingleError(compile(file), file, DiagnosticId.STRIDE_DOES_NOT_DIVIDE, "stride = 2");
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
      assertSingleError(compile(file), file, DiagnosticId.STRIDE_DOES_NOT_DIVIDE,
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
          .hadWarningContaining(DiagnosticId.STRIDE_DOES_NOT_DIVIDE.tag())
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
          .hadWarningContaining(DiagnosticId.STRIDE_DOES_NOT_DIVIDE.tag())
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
          .hadWarningContaining(DiagnosticId.STRIDE_DOES_NOT_DIVIDE.tag())
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
      assertThat(compilation).hadErrorContaining(DiagnosticId.NOT_POSITIVE.tag())
          .inFile(file).onLineContaining("classes = 0");
      assertThat(compilation).hadErrorContaining(DiagnosticId.IDENTITY_ACROSS_CHANGE.tag())
          .inFile(file).onLineContaining("shortcut = Shortcut.IDENTITY");
      assertThat(compilation).hadErrorContaining(DiagnosticId.PARAMETER_MISMATCH.tag())
          .inFile(file).onLineContaining("expectParameters = 12_345");
      assertThat(generatedEvenOnFailure(temp, file)).isEmpty();
    }

    @Test
    void everyMessageBeginsWithItsId() {
      JavaFileObject file = spec("NetSpec", """
          @Network(input = @Input(channels = 3, height = 7, width = 7), classes = 0)
          @ResidualStage(blocks = 1, filters = 8, stride = 2, shortcut = Shortcut.IDENTITY)
          interface NetSpec {}
          """);
      JavaFileObject orphan = spec("Lonely", """
          @Stem(filters = 16)
          interface Lonely {}
          """);
      Compilation compilation = compile(file, orphan);
      assertThat(compilation).hadErrorCount(3);
      assertThat(compilation).hadWarningCount(1);
      Set<String> tags = Arrays.stream(DiagnosticId.values()).map(DiagnosticId::tag)
          .collect(Collectors.toSet());
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        if (d.getKind() != Diagnostic.Kind.NOTE) {
          String message = d.getMessage(Locale.ROOT);
          assertThat(tags).contains(message.substring(0, message.indexOf(' ')));
        }
      }
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
      assertSingleError(compilation, bad, DiagnosticId.NOT_POSITIVE, "blocks = 0");
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
      assertThat(compilation).hadErrorContaining(DiagnosticId.NOT_POSITIVE.tag())
          .inFile(file).onLineContaining("filters = 0");
      assertThat(compilation).hadErrorContaining(DiagnosticId.STAGE_NAME_NOT_IDENTIFIER.tag())
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
      assertThat(compilation).hadErrorContaining(DiagnosticId.EXPECT_MISMATCH.tag())
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
      assertSingleError(compile(file), file, DiagnosticId.EXPECT_MISMATCH, "expect = \"32x32x31\"");
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
      assertThat(compilation).hadErrorContaining(DiagnosticId.NOT_POSITIVE.tag())
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
      assertSingleError(compilation, broken, DiagnosticId.IDENTITY_ACROSS_CHANGE,
          "shortcut = Shortcut.IDENTITY");
      Map<String, String> generated = generatedEvenOnFailure(temp, broken, fine);
      assertThat(generated.keySet()).containsExactly("p.Fine");
      assertThat(generated.get("p.Fine"))
          .contains("WIDE(\"wide\", \"wide_block2\", new Shape(32, 16, 16))");
    }
  }
}
