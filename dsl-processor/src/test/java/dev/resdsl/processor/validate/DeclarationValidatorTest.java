package dev.resdsl.processor.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.Decls;
import dev.resdsl.processor.model.Site;
import dev.resdsl.processor.validate.Diagnostic.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks on declared values, on records: sites, kinds, and whether sizes are usable. */
class DeclarationValidatorTest {

  /** The findings, and whether the validator said every size is positive. */
  private record Result(List<Diagnostic> diagnostics, boolean sizesValid) {
    Diagnostic only() {
      assertEquals(1, diagnostics.size(), () -> "expected one finding, got " + diagnostics);
      Diagnostic d = diagnostics.get(0);
      assertEquals(Kind.ERROR, d.kind(), d::toString);
      return d;
    }

    List<Site> sites() {
      return diagnostics.stream().map(Diagnostic::site).toList();
    }
  }

  private static Result validate(Decls decls) {
    Report report = new Report();
    boolean sizes = DeclarationValidator.validate(decls.build(), report);
    return new Result(report.diagnostics(), sizes);
  }

  private static Decls valid() {
    return Decls.network(3, 32, 32, 10)
        .stem(16, 3, 1, Pool.NONE)
        .stage("conv2", 2, 16, 1, Shortcut.PROJECTION, Block.BASIC, "")
        .stage("conv3", 2, 32, 2, Shortcut.PROJECTION, Block.BASIC, "");
  }

  @Test
  void validDeclarationHasNoFindings() {
    Result result = validate(valid().head(Pool.MAX, 0.5)
        .conventions(true, 1e-3, 0.0, StridePlacement.MIDDLE, true).expectParameters(0));
    assertEquals(List.of(), result.diagnostics());
    assertTrue(result.sizesValid());
    assertEquals(List.of(), validate(Decls.cifar(18).expectParameters(-1)).diagnostics());
  }

  @Test
  void inputDimensions() {
    Result channels = validate(Decls.network(0, 32, 32, 10)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.input(Attributes.Input.CHANNELS), channels.only().site());
    assertEquals(DiagnosticId.NOT_POSITIVE, channels.only().message().id());
    // The message names the value by its annotation and attribute.
    assertTrue(channels.only().message().text().startsWith("@Input channels "),
        channels.only()::toString);
    assertFalse(channels.sizesValid());

    Result height = validate(Decls.network(3, -1, 32, 10)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.input(Attributes.Input.HEIGHT), height.only().site());
    assertFalse(height.sizesValid());

    Result width = validate(Decls.network(3, 32, 0, 10)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.input(Attributes.Input.WIDTH), width.only().site());
    assertFalse(width.sizesValid());
  }

  @Test
  void classesAreNotASizeOfTheShapes() {
    Result result = validate(Decls.network(3, 32, 32, 0)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.network(Attributes.Network.CLASSES), result.only().site());
    assertEquals(DiagnosticId.NOT_POSITIVE, result.only().message().id());
    // the shapes can still be inferred and checked
    assertTrue(result.sizesValid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"My Net", "q.Net", "class", "1Net", ""})
  void badClassNames(String name) {
    Result result = validate(valid().named(name));
    assertEquals(Site.network(Attributes.Network.NAME), result.only().site());
    assertEquals(Messages.badClassName(name), result.only().message());
    assertTrue(result.sizesValid());
  }

  @Test
  void expectParametersBelowMinusOne() {
    Result result = validate(valid().expectParameters(-2));
    assertEquals(Site.network(Attributes.Network.EXPECT_PARAMETERS), result.only().site());
    assertEquals(Messages.badExpectParameters(-2), result.only().message());
  }

  @Test
  void stemValues() {
    Result filters = validate(Decls.network(3, 32, 32, 10).stem(0, 3, 1, Pool.NONE)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.stem(Attributes.Stem.FILTERS), filters.only().site());
    assertFalse(filters.sizesValid());

    Result zeroKernel = validate(Decls.network(3, 32, 32, 10).stem(8, 0, 1, Pool.NONE)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.stem(Attributes.Stem.KERNEL), zeroKernel.only().site());
    // only the sign is reported, not also that 0 is even
    assertEquals(DiagnosticId.NOT_POSITIVE, zeroKernel.only().message().id());
    assertFalse(zeroKernel.sizesValid());

    Result evenKernel = validate(Decls.network(3, 32, 32, 10).stem(8, 2, 1, Pool.NONE)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.stem(Attributes.Stem.KERNEL), evenKernel.only().site());
    assertEquals(Messages.evenKernel(2), evenKernel.only().message());
    // an even kernel still gives shapes
    assertTrue(evenKernel.sizesValid());

    Result stride = validate(Decls.network(3, 32, 32, 10).stem(8, 3, -2, Pool.MAX)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.stem(Attributes.Stem.STRIDE), stride.only().site());
    assertFalse(stride.sizesValid());
  }

  @Test
  void stageSizes() {
    Result blocks = validate(valid().stage("conv4", 0, 64, 2, Shortcut.PROJECTION, Block.BASIC,
        ""));
    assertEquals(Site.stage(2, Attributes.ResidualStage.BLOCKS), blocks.only().site());
    assertEquals(DiagnosticId.NOT_POSITIVE, blocks.only().message().id());
    // A stage's value is named by the stage's name and the attribute.
    assertTrue(blocks.only().message().text().startsWith("conv4: blocks "),
        blocks.only()::toString);
    assertFalse(blocks.sizesValid());

    Result filters = validate(valid().stage(1, -64, 2, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.stage(2, Attributes.ResidualStage.FILTERS), filters.only().site());
    assertTrue(filters.only().message().text().startsWith("stage3: filters "),
        filters.only()::toString);
    assertFalse(filters.sizesValid());

    Result stride = validate(valid().stage(1, 64, 0, Shortcut.PROJECTION, Block.BASIC));
    assertEquals(Site.stage(2, Attributes.ResidualStage.STRIDE), stride.only().site());
    assertFalse(stride.sizesValid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv-4", "4conv", "my stage", "a.b", "class", ""})
  void stageNamesMustBeIdentifiers(String name) {
    Result result = validate(valid().stage(name, 1, 64, 2, Shortcut.PROJECTION, Block.BASIC, ""));
    assertEquals(Site.stage(2, Attributes.ResidualStage.NAME), result.only().site());
    assertEquals(Messages.notIdentifier("stage 3", name), result.only().message());
    assertTrue(result.sizesValid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"stem", "STEM", "Stem"})
  void stemIsReserved(String name) {
    Result result = validate(valid().stage(name, 1, 64, 2, Shortcut.PROJECTION, Block.BASIC, ""));
    assertEquals(Site.stage(2, Attributes.ResidualStage.NAME), result.only().site());
    assertEquals(Messages.reservedStageName("stage 3", name), result.only().message());
  }

  @Test
  void repeatedNamesAreComparedUpperCased() {
    Result result = validate(valid()
        .stage("CONV2", 1, 64, 2, Shortcut.PROJECTION, Block.BASIC, "")
        .stage("Conv3", 1, 64, 1, Shortcut.PROJECTION, Block.BASIC, ""));
    assertEquals(List.of(Site.stage(2, Attributes.ResidualStage.NAME),
        Site.stage(3, Attributes.ResidualStage.NAME)), result.sites());
    assertEquals(Messages.repeatedStageName("CONV2", "conv2", 0),
        result.diagnostics().get(0).message());
    assertEquals(Messages.repeatedStageName("Conv3", "conv3", 1),
        result.diagnostics().get(1).message());
  }

  @Test
  void differentNamesAreFine() {
    assertEquals(List.of(), validate(valid()
        .stage("conv2_", 1, 64, 2, Shortcut.PROJECTION, Block.BASIC, "")).diagnostics());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, 1.5, -0.1, Double.NaN})
  void dropoutOutOfRange(double dropout) {
    Result result = validate(valid().head(Pool.AVG, dropout));
    assertEquals(Site.head(Attributes.Head.DROPOUT), result.only().site());
    assertEquals(Messages.badDropout(dropout), result.only().message());
    assertTrue(result.sizesValid());
  }

  @Test
  void dropoutBoundaries() {
    assertEquals(List.of(), validate(valid().head(Pool.AVG, 0.0)).diagnostics());
    assertEquals(List.of(), validate(valid().head(Pool.AVG, 0.999)).diagnostics());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -1e-5, Double.POSITIVE_INFINITY, Double.NaN})
  void batchNormEpsilonMustBePositive(double epsilon) {
    Result result = validate(valid().conventions(false, epsilon, 0.9, StridePlacement.FIRST,
        false));
    assertEquals(Site.conventions(Attributes.Conventions.BATCH_NORM_EPSILON),
        result.only().site());
    assertEquals(Messages.badEpsilon(epsilon), result.only().message());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.0, -0.5, 2.0, Double.NaN})
  void batchNormDecayOutOfRange(double decay) {
    Result result = validate(valid().conventions(false, 1e-5, decay, StridePlacement.FIRST,
        false));
    assertEquals(Site.conventions(Attributes.Conventions.BATCH_NORM_DECAY), result.only().site());
    assertEquals(Messages.badDecay(decay), result.only().message());
  }

  @Test
  void batchNormDecayOfZeroIsAllowed() {
    assertEquals(List.of(), validate(valid().conventions(false, 1e-5, 0.0,
        StridePlacement.FIRST, false)).diagnostics());
  }

  @Test
  void everyFindingIsGatheredInOrder() {
    Result result = validate(Decls.network(0, 32, 32, 0)
        .named("bad name")
        .expectParameters(-5)
        .stem(16, 4, 1, Pool.NONE)
        .stage("conv2", 0, 16, 1, Shortcut.PROJECTION, Block.BASIC, "")
        .stage("stem", 1, 16, 1, Shortcut.PROJECTION, Block.BASIC, "")
        .stage("CONV2", 1, 16, 1, Shortcut.PROJECTION, Block.BASIC, "")
        .head(Pool.AVG, 1.0)
        .conventions(false, 0.0, 1.0, StridePlacement.FIRST, false));
    assertEquals(List.of(
        Site.input(Attributes.Input.CHANNELS),
        Site.network(Attributes.Network.CLASSES),
        Site.network(Attributes.Network.NAME),
        Site.network(Attributes.Network.EXPECT_PARAMETERS),
        Site.stem(Attributes.Stem.KERNEL),
        Site.stage(0, Attributes.ResidualStage.BLOCKS),
        Site.stage(1, Attributes.ResidualStage.NAME),
        Site.stage(2, Attributes.ResidualStage.NAME),
        Site.head(Attributes.Head.DROPOUT),
        Site.conventions(Attributes.Conventions.BATCH_NORM_EPSILON),
        Site.conventions(Attributes.Conventions.BATCH_NORM_DECAY)), result.sites());
    assertEquals(List.of(
        DiagnosticId.NOT_POSITIVE,
        DiagnosticId.NOT_POSITIVE,
        DiagnosticId.CLASS_NAME_NOT_IDENTIFIER,
        DiagnosticId.INVALID_EXPECT_PARAMETERS,
        DiagnosticId.EVEN_KERNEL,
        DiagnosticId.NOT_POSITIVE,
        DiagnosticId.RESERVED_STAGE_NAME,
        DiagnosticId.REPEATED_STAGE_NAME,
        DiagnosticId.DROPOUT_OUT_OF_RANGE,
        DiagnosticId.EPSILON_NOT_POSITIVE,
        DiagnosticId.DECAY_OUT_OF_RANGE), result.diagnostics().stream()
            .map(d -> d.message().id()).toList());
    assertTrue(result.diagnostics().stream().allMatch(d -> d.kind() == Kind.ERROR));
    assertFalse(result.sizesValid());
  }

  @Test
  void sitesKeepTheirAnnotation() {
    assertEquals(Site.stage(3), Site.stage(3, Attributes.ResidualStage.EXPECT).wholeAnnotation());
    assertEquals(Site.network(), Site.network(Attributes.Network.NAME).wholeAnnotation());
    assertEquals(new Site(Site.Annotation.TYPE, -1, Optional.empty()), Site.type());
  }
}
