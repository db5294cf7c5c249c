package dev.resdsl.processor.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.processor.infer.ShapeInference;
import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.Decls;
import dev.resdsl.processor.model.Site;
import dev.resdsl.processor.validate.Diagnostic.Kind;
import dev.resdsl.runtime.Shape;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks on inferred plans, on records: which site each finding is tied to, and its kind. */
class PlanValidatorTest {

  private static List<Diagnostic> validate(Decls decls) {
    Report report = new Report();
    PlanValidator.validate(ShapeInference.infer(decls.build()), report);
    return report.diagnostics();
  }

  private static Diagnostic only(List<Diagnostic> diagnostics) {
    assertEquals(1, diagnostics.size(), () -> "expected one finding, got " + diagnostics);
    return diagnostics.get(0);
  }

  @Test
  void soundNetworksHaveNoFindings() {
    assertEquals(List.of(), validate(Decls.cifar(3).expectParameters(269_722)));
    assertEquals(List.of(), validate(Decls.torchvision(Block.BOTTLENECK,
        dev.resdsl.annotations.StridePlacement.MIDDLE, 3, 4, 6, 3)
        .expectParameters(25_557_032).strict(true)));
    // IDENTITY where the shape stays, ZERO_PAD growing channels, NONE across a change
    assertEquals(List.of(), validate(Decls.network(3, 32, 32, 10)
        .stem(16, 3, 1, Pool.NONE)
        .stage(2, 16, 1, Shortcut.IDENTITY, Block.BASIC)
        .stage(2, 32, 2, Shortcut.ZERO_PAD, Block.BASIC)
        .stage(2, 64, 2, Shortcut.NONE, Block.BASIC)));
  }

  @Test
  void identityAcrossAShapeChangeIsAnErrorOnTheShortcut() {
    Diagnostic d = only(validate(Decls.network(3, 32, 32, 10)
        .stem(16, 3, 1, Pool.NONE)
        .stage(2, 16, 1, Shortcut.IDENTITY, Block.BASIC)
        .stage(2, 32, 2, Shortcut.IDENTITY, Block.BASIC)));
    assertEquals(Kind.ERROR, d.kind());
    assertEquals(Site.stage(1, Attributes.ResidualStage.SHORTCUT), d.site());
    assertEquals(Messages.identityAcrossChange("stage2", new Shape(16, 32, 32),
        new Shape(32, 16, 16),
        "input 3x32x32 -> stem 16x32x32 -> stage1 16x32x32 -> stage2 32x16x16"), d.message());
  }

  @Test
  void identityOnABottleneckThatWidensIsAnError() {
    Diagnostic d = only(validate(Decls.network(3, 32, 32, 10)
        .stem(64, 3, 1, Pool.NONE)
        .stage(2, 64, 1, Shortcut.IDENTITY, Block.BOTTLENECK)));
    assertEquals(new Diagnostic(Kind.ERROR, Site.stage(0, Attributes.ResidualStage.SHORTCUT),
        Messages.identityAcrossChange("stage1", new Shape(64, 32, 32),
            new Shape(256, 32, 32), "input 3x32x32 -> stem 64x32x32 -> stage1 256x32x32")),
        d);
  }

  @Test
  void zeroPadCannotShrinkChannels() {
    Diagnostic d = only(validate(Decls.network(3, 32, 32, 10)
        .stem(64, 3, 1, Pool.NONE)
        .stage("narrow", 1, 32, 2, Shortcut.ZERO_PAD, Block.BASIC, "")));
    assertEquals(new Diagnostic(Kind.ERROR, Site.stage(0, Attributes.ResidualStage.SHORTCUT),
        Messages.zeroPadShrinks("narrow", new Shape(64, 32, 32), new Shape(32, 16, 16),
            "input 3x32x32 -> stem 64x32x32 -> narrow 32x16x16")),
        d);
  }

  @Test
  void expectMismatchIsAnErrorOnExpect() {
    Diagnostic d = only(validate(Decls.network(3, 32, 32, 10)
        .stage(1, 16, 1, Shortcut.PROJECTION, Block.BASIC)
        .stage("last", 1, 32, 2, Shortcut.PROJECTION, Block.BASIC, "32x8x8")));
    assertEquals(Kind.ERROR, d.kind());
    assertEquals(Site.stage(1, Attributes.ResidualStage.EXPECT), d.site());
    assertEquals(Messages.expectMismatch("last", "32x8x8", new Shape(32, 16, 16),
        "input 3x32x32 -> stage1 16x32x32 -> last 32x16x16"), d.message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"32x16", "32*16*16", "0x16x16", "-1x16x16", "32x16x16x1",
      "99999999999x1x1", "x", " "})
  void malformedExpectIsAnErrorOnExpect(String expect) {
    Diagnostic d = only(validate(Decls.network(3, 32, 32, 10)
        .stage("s", 1, 32, 2, Shortcut.PROJECTION, Block.BASIC, expect)));
    assertEquals(new Diagnostic(Kind.ERROR, Site.stage(0, Attributes.ResidualStage.EXPECT),
        Messages.malformedExpect("s", expect)), d);
  }

  @Test
  void parseShape() {
    assertEquals(Optional.of(new Shape(64, 8, 8)), PlanValidator.parseShape("64x8x8"));
    assertEquals(Optional.of(new Shape(64, 8, 7)), PlanValidator.parseShape(" 64 x 8 x 7 "));
    assertEquals(Optional.empty(), PlanValidator.parseShape("64X8X8"));
    assertEquals(Optional.empty(), PlanValidator.parseShape("64x8x0"));
    assertEquals(Optional.empty(), PlanValidator.parseShape("3000000000x1x1"));
    assertEquals(Optional.empty(), PlanValidator.parseShape(""));
  }

  @Test
  void parameterMismatchIsAnErrorOnExpectParameters() {
    Diagnostic d = only(validate(Decls.cifar(3).expectParameters(270_000)));
    assertEquals(Kind.ERROR, d.kind());
    assertEquals(Site.network(Attributes.Network.EXPECT_PARAMETERS), d.site());
    assertEquals(Messages.parameterMismatch("ResNet20", 269_722, 270_000), d.message());
  }

  @Test
  void expectParametersZeroIsChecked() {
    Diagnostic d = only(validate(Decls.cifar(3).expectParameters(0)));
    assertEquals(Site.network(Attributes.Network.EXPECT_PARAMETERS), d.site());
    assertEquals(Messages.parameterMismatch("ResNet20", 269_722, 0), d.message());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void stageStrideThatDoesNotDivide(boolean strict) {
    Diagnostic d = only(validate(Decls.network(3, 7, 9, 10).strict(strict)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC)
        .stage(1, 8, 2, Shortcut.PROJECTION, Block.BASIC)));
    assertEquals(strict ? Kind.ERROR : Kind.WARNING, d.kind());
    assertEquals(Site.stage(1, Attributes.ResidualStage.STRIDE), d.site());
    assertEquals(Messages.strideDoesNotDivide("stage2", 2, new Shape(8, 7, 9),
        new Shape(8, 4, 5), "input 3x7x9 -> stage1 8x7x9 -> stage2 8x4x5", strict),
        d.message());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void stemStrideThatDoesNotDivide(boolean strict) {
    Diagnostic d = only(validate(Decls.network(3, 7, 8, 10).strict(strict)
        .stem(8, 3, 2, Pool.NONE)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC)));
    assertEquals(strict ? Kind.ERROR : Kind.WARNING, d.kind());
    assertEquals(Site.stem(Attributes.Stem.STRIDE), d.site());
    assertEquals(Messages.strideDoesNotDivide("stem", 2, new Shape(3, 7, 8),
        new Shape(8, 4, 4), "input 3x7x8 -> stem 8x4x4", strict), d.message());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void stemPoolThatDoesNotDivide(boolean strict) {
    Diagnostic d = only(validate(Decls.network(3, 30, 32, 10).strict(strict)
        .stem(8, 7, 2, Pool.AVG)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC)));
    assertEquals(strict ? Kind.ERROR : Kind.WARNING, d.kind());
    assertEquals(Site.stem(Attributes.Stem.POOL), d.site());
    assertEquals(Messages.strideDoesNotDivide("stem pool", 2, new Shape(8, 15, 16),
        new Shape(8, 8, 8), "input 3x30x32 -> stem 8x8x8", strict), d.message());
  }

  @Test
  void stemWithoutPoolIgnoresOddConvolutionOutput() {
    assertEquals(List.of(), validate(Decls.network(3, 30, 30, 10).strict(true)
        .stem(8, 7, 2, Pool.NONE)
        .stage(1, 8, 1, Shortcut.PROJECTION, Block.BASIC)));
  }

  @Test
  void stridesOnLaterBlocksAreNeverChecked() {
    // only the first block strides; 4x4 -> 2x2 divides, and later blocks have stride 1
    assertEquals(List.of(), validate(Decls.network(3, 4, 4, 10).strict(true)
        .stage(3, 8, 2, Shortcut.PROJECTION, Block.BASIC)));
  }

  @Test
  void everyFindingIsGatheredInOrder() {
    List<Diagnostic> all = validate(Decls.network(3, 30, 30, 10)
        .expectParameters(1)
        .stem(64, 7, 2, Pool.MAX)
        .stage("a", 1, 32, 1, Shortcut.ZERO_PAD, Block.BASIC, "")
        .stage("b", 1, 64, 2, Shortcut.IDENTITY, Block.BASIC, "64x1x1"));
    assertEquals(List.of(
        Site.stem(Attributes.Stem.POOL),
        Site.stage(0, Attributes.ResidualStage.SHORTCUT),
        Site.stage(1, Attributes.ResidualStage.SHORTCUT),
        Site.stage(1, Attributes.ResidualStage.EXPECT),
        Site.network(Attributes.Network.EXPECT_PARAMETERS)),
        all.stream().map(Diagnostic::site).toList());
    assertEquals(List.of(Kind.WARNING, Kind.ERROR, Kind.ERROR, Kind.ERROR, Kind.ERROR),
        all.stream().map(Diagnostic::kind).toList());
    assertEquals(List.of(DiagnosticId.STRIDE_DOES_NOT_DIVIDE, DiagnosticId.ZERO_PAD_SHRINKS,
        DiagnosticId.IDENTITY_ACROSS_CHANGE, DiagnosticId.EXPECT_MISMATCH,
        DiagnosticId.PARAMETER_MISMATCH), all.stream().map(d -> d.message().id()).toList());
  }

  @Test
  void reportKnowsWhetherThereAreErrors() {
    Message message = new Message(DiagnosticId.STRIDE_DOES_NOT_DIVIDE, "text");
    Report report = new Report();
    assertFalse(report.hasErrors());
    report.warning(Site.stem(Attributes.Stem.POOL), message);
    assertFalse(report.hasErrors());
    report.add(false, Site.stem(Attributes.Stem.STRIDE), message);
    assertFalse(report.hasErrors());
    report.add(true, Site.type(), message);
    assertTrue(report.hasErrors());
    assertEquals(List.of(Kind.WARNING, Kind.WARNING, Kind.ERROR),
        report.diagnostics().stream().map(Diagnostic::kind).toList());
  }
}
