package dev.resdsl.processor.validate;

import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.Site;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.SourceVersion;

/** Checks each declared value on its own: positive sizes, valid names, sane conventions. */
public final class DeclarationValidator {
  private DeclarationValidator() {}

  /**
   * Adds a finding to {@code report} for every invalid value of {@code decl}.
   *
   * @return whether every size (dimensions, filters, kernels, strides, blocks) is positive, so
   *     that the shapes inferred from them mean something
   */
  public static boolean validate(NetworkDecl decl, Report report) {
    boolean sizes = true;
    sizes &= positive(report, Site.input(Attributes.Input.CHANNELS), "@Input",
        decl.input().channels(), "declare the image's channels, 3 for RGB");
    sizes &= positive(report, Site.input(Attributes.Input.HEIGHT), "@Input",
        decl.input().height(), "declare the image height in pixels");
    sizes &= positive(report, Site.input(Attributes.Input.WIDTH), "@Input",
        decl.input().width(), "declare the image width in pixels");
    Site classes = Site.network(Attributes.Network.CLASSES);
    if (positive(report, classes, "@Network", decl.classes(),
        "declare how many classes the network tells apart") && decl.classes() < 2) {
      // Deeplearning4j refuses a softmax output of one unit: the generated create() would throw.
      report.error(classes, Messages.tooFewClasses(decl.classes()));
    }
    if (!SourceVersion.isName(decl.className()) || decl.className().contains(".")) {
      report.error(Site.network(Attributes.Network.NAME), Messages.badClassName(decl.className()));
    }
    if (decl.expectParameters() < -1) {
      report.error(Site.network(Attributes.Network.EXPECT_PARAMETERS),
          Messages.badExpectParameters(decl.expectParameters()));
    }
    if (decl.stem().isPresent()) {
      NetworkDecl.StemDecl stem = decl.stem().get();
      sizes &= positive(report, Site.stem(Attributes.Stem.FILTERS), "@Stem", stem.filters(),
          "declare the stem's output channels, such as 64");
      Site kernel = Site.stem(Attributes.Stem.KERNEL);
      sizes &= positive(report, kernel, "@Stem", stem.kernel(), "use kernel = 3 or 7");
      if (stem.kernel() > 0 && stem.kernel() % 2 == 0) {
        report.error(kernel, Messages.evenKernel(stem.kernel()));
      }
      sizes &= positive(report, Site.stem(Attributes.Stem.STRIDE), "@Stem", stem.stride(),
          "use stride = 1, or 2 to halve the size");
    }
    Map<String, StageDecl> names = new HashMap<>();
    for (StageDecl stage : decl.stages()) {
      sizes &= stage(stage, report);
      String constant = stage.constantName();
      StageDecl first = names.putIfAbsent(constant, stage);
      if (first != null) {
        report.error(Site.stage(stage.index(), Attributes.ResidualStage.NAME),
            Messages.repeatedStageName(stage.name(), first.name(), first.index()));
      }
    }
    double dropout = decl.head().dropout();
    if (!(dropout >= 0 && dropout < 1)) {
      report.error(Site.head(Attributes.Head.DROPOUT), Messages.badDropout(dropout));
    }
    double epsilon = decl.conventions().batchNormEpsilon();
    if (!(epsilon > 0 && Double.isFinite(epsilon))) {
      report.error(Site.conventions(Attributes.Conventions.BATCH_NORM_EPSILON),
          Messages.badEpsilon(epsilon));
    }
    double decay = decl.conventions().batchNormDecay();
    if (!(decay >= 0 && decay < 1)) {
      report.error(Site.conventions(Attributes.Conventions.BATCH_NORM_DECAY),
          Messages.badDecay(decay));
    }
    return sizes;
  }

  private static boolean stage(StageDecl stage, Report report) {
    String owner = stage.name() + ":";
    int i = stage.index();
    boolean sizes = true;
    sizes &= positive(report, Site.stage(i, Attributes.ResidualStage.BLOCKS), owner,
        stage.blocks(), "declare at least one block");
    sizes &= positive(report, Site.stage(i, Attributes.ResidualStage.FILTERS), owner,
        stage.filters(), "declare the stage's width, such as 64");
    sizes &= positive(report, Site.stage(i, Attributes.ResidualStage.STRIDE), owner,
        stage.stride(), "use stride = 1, or 2 to halve the size");
    Site name = Site.stage(i, Attributes.ResidualStage.NAME);
    if (!SourceVersion.isName(stage.name()) || stage.name().contains(".")) {
      report.error(name, Messages.notIdentifier("stage " + (i + 1), stage.name()));
    } else if (stage.constantName().equals("STEM")) {
      report.error(name, Messages.reservedStageName("stage " + (i + 1), stage.name()));
    }
    return sizes;
  }

  /**
   * Reports a value below 1 at {@code site}, naming it {@code owner} and the site's attribute
   * ({@code "@Input channels"}, {@code "conv2: blocks"}).
   */
  private static boolean positive(Report report, Site site, String owner, long value, String fix) {
    if (value < 1) {
      String what = owner + " " + site.attribute().orElseThrow().methodName();
      report.error(site, Messages.notPositive(what, value, fix));
      return false;
    }
    return true;
  }
}
