package dev.resdsl.processor.validate;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.processor.infer.NetworkPlan;
import dev.resdsl.processor.infer.NetworkPlan.BlockPlan;
import dev.resdsl.processor.infer.NetworkPlan.StagePlan;
import dev.resdsl.processor.infer.NetworkPlan.StemPlan;
import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.Site;
import dev.resdsl.runtime.Shape;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the inferred network against what the spec promises: shortcuts that fit their blocks,
 * strides that divide, stage outputs as expected, the pinned parameter count.
 */
public final class PlanValidator {
  private static final Pattern SHAPE = Pattern.compile("\\s*(\\d+)\\s*x\\s*(\\d+)\\s*x\\s*(\\d+)\\s*");

  private PlanValidator() {}

  /** Adds a finding to {@code report} for every broken promise of {@code plan}. */
  public static void validate(NetworkPlan plan, Report report) {
    boolean strict = plan.decl().strict();
    plan.stem().ifPresent(stem -> stem(plan, stem, strict, report));
    for (int i = 0; i < plan.stages().size(); i++) {
      stage(plan, i, strict, report);
    }
    long expected = plan.decl().expectParameters();
    long actual = plan.cost().parameters();
    if (expected >= 0 && expected != actual) {
      report.error(Site.network(Attributes.Network.EXPECT_PARAMETERS),
          Messages.parameterMismatch(plan.decl().className(), actual, expected));
    }
  }

  private static void stem(NetworkPlan plan, StemPlan stem, boolean strict, Report report) {
    int stride = stem.decl().stride();
    if (stride > 1 && !stem.input().divisibleBy(stride)) {
      report.add(strict, Site.stem(Attributes.Stem.STRIDE), Messages.strideDoesNotDivide(
          "stem", stride, stem.input(), stem.convolution(), plan.pathToStem(), strict));
    }
    if (stem.decl().pool() != Pool.NONE
        && !stem.convolution().divisibleBy(StemGeometry.POOL_STRIDE)) {
      report.add(strict, Site.stem(Attributes.Stem.POOL), Messages.strideDoesNotDivide(
          "stem pool", StemGeometry.POOL_STRIDE, stem.convolution(), stem.output(),
          plan.pathToStem(), strict));
    }
  }

  private static void stage(NetworkPlan plan, int index, boolean strict, Report report) {
    StagePlan stage = plan.stages().get(index);
    String name = stage.decl().name();
    BlockPlan first = stage.blocks().get(0);
    if (first.stride() > 1 && !first.input().divisibleBy(first.stride())) {
      report.add(strict, Site.stage(index, Attributes.ResidualStage.STRIDE),
          Messages.strideDoesNotDivide(
              name, first.stride(), first.input(), first.output(), plan.pathTo(index), strict));
    }
    Shortcut option = stage.decl().shortcut();
    if (option == Shortcut.IDENTITY && first.changesShape()) {
      report.error(Site.stage(index, Attributes.ResidualStage.SHORTCUT),
          Messages.identityAcrossChange(name, first.input(), first.output(), plan.pathTo(index)));
    }
    if (option == Shortcut.ZERO_PAD && first.output().channels() < first.input().channels()) {
      report.error(Site.stage(index, Attributes.ResidualStage.SHORTCUT),
          Messages.zeroPadShrinks(name, first.input(), first.output(), plan.pathTo(index)));
    }
    if (option == Shortcut.AVG_PROJECTION && !first.changesShape()) {
      report.warning(Site.stage(index, Attributes.ResidualStage.SHORTCUT),
          Messages.avgProjectionUnused(name, first.input()));
    }
    String expect = stage.decl().expect();
    if (!expect.isEmpty()) {
      Optional<Shape> promised = parseShape(expect);
      if (promised.isEmpty()) {
        report.error(Site.stage(index, Attributes.ResidualStage.EXPECT),
            Messages.malformedExpect(name, expect));
      } else if (!promised.get().equals(stage.output())) {
        report.error(Site.stage(index, Attributes.ResidualStage.EXPECT),
            Messages.expectMismatch(name, expect, stage.output(), plan.pathTo(index)));
      }
    }
  }

  /** Parses {@code "CxHxW"} of positive integers. */
  static Optional<Shape> parseShape(String text) {
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int channels = Integer.parseInt(m.group(1));
      int height = Integer.parseInt(m.group(2));
      int width = Integer.parseInt(m.group(3));
      boolean positive = channels > 0 && height > 0 && width > 0;
      return positive ? Optional.of(new Shape(channels, height, width)) : Optional.empty();
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }
}
