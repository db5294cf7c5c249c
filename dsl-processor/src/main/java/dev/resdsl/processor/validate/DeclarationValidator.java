package dev.resdsl.processor.validate;

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
    sizes &= positive(report, Site.input("channels"), "@Input channels", decl.input().channels(),
        "declare the image's channels, 3 for RGB");
    sizes &= positive(report, Site.input("height"), "@Input height", decl.input().height(),
        "declare the image height in pixels");
    sizes &= positive(report, Site.input("width"), "@Input width", decl.input().width(),
        "declare the image width in pixels");
    if (positive(report, Site.network("classes"), "@Network classes", decl.classes(),
        "declare how many classes the network tells apart") && decl.classes() < 2) {
      // Deeplearning4j refuses a softmax output of one unit: the generated create() would throw.
      report.error(Site.network("classes"), Messages.tooFewClasses(decl.classes()));
    }
    if (!SourceVersion.isName(decl.className()) || decl.className().contains(".")) {
      report.error(Site.network("name"), Messages.badClassName(decl.className()));
    }
    if (decl.expectParameters() < -1) {
      report.error(Site.network("expectParameters"),
          Messages.badExpectParameters(decl.expectParameters()));
    }
    if (decl.stem().isPresent()) {
      NetworkDecl.StemDecl stem = decl.stem().get();
      sizes &= positive(report, Site.stem("filters"), "@Stem filters", stem.filters(),
          "declare the stem's output channels, such as 64");
      sizes &= positive(report, Site.stem("kernel"), "@Stem kernel", stem.kernel(),
          "use kernel = 3 or 7");
      if (stem.kernel() > 0 && stem.kernel() % 2 == 0) {
        report.error(Site.stem("kernel"), Messages.evenKernel(stem.kernel()));
      }
      sizes &= positive(report, Site.stem("stride"), "@Stem stride", stem.stride(),
          "use stride = 1, or 2 to halve the size");
    }
    Map<String, StageDecl> names = new HashMap<>();
    for (StageDecl stage : decl.stages()) {
      sizes &= stage(stage, report);
      String constant = stage.constantName();
      StageDecl first = names.putIfAbsent(constant, stage);
      if (first != null) {
        report.error(Site.stage(stage.index(), "name"),
            Messages.repeatedStageName(stage.name(), first.name(), first.index()));
      }
    }
    double dropout = decl.head().dropout();
    if (!(dropout >= 0 && dropout < 1)) {
      report.error(Site.head("dropout"), Messages.badDropout(dropout));
    }
    double epsilon = decl.conventions().batchNormEpsilon();
    if (!(epsilon > 0 && Double.isFinite(epsilon))) {
      report.error(Site.conventions("batchNormEpsilon"), Messages.badEpsilon(epsilon));
    }
    double decay = decl.conventions().batchNormDecay();
    if (!(decay >= 0 && decay < 1)) {
      report.error(Site.conventions("batchNormDecay"), Messages.badDecay(decay));
    }
    return sizes;
  }

  private static boolean stage(StageDecl stage, Report report) {
    String label = stage.name();
    int i = stage.index();
    boolean sizes = true;
    sizes &= positive(report, Site.stage(i, "blocks"), label + ": blocks", stage.blocks(),
        "declare at least one block");
    sizes &= positive(report, Site.stage(i, "filters"), label + ": filters", stage.filters(),
        "declare the stage's width, such as 64");
    sizes &= positive(report, Site.stage(i, "stride"), label + ": stride", stage.stride(),
        "use stride = 1, or 2 to halve the size");
    if (!SourceVersion.isName(stage.name()) || stage.name().contains(".")) {
      report.error(Site.stage(i, "name"), Messages.notIdentifier("stage " + (i + 1), stage.name()));
    } else if (stage.constantName().equals("STEM")) {
      report.error(Site.stage(i, "name"), Messages.reservedStageName("stage " + (i + 1), stage.name()));
    }
    return sizes;
  }

  private static boolean positive(
      Report report, Site site, String what, long value, String fix) {
    if (value < 1) {
      report.error(site, Messages.notPositive(what, value, fix));
      return false;
    }
    return true;
  }
}
