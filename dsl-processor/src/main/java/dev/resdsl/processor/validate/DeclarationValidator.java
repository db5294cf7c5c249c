package dev.resdsl.processor.validate;

import dev.resdsl.annotations.Shortcut;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockGeometry;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.Site;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * Checks each declared value on its own: positive sizes, valid names, sane conventions, block
 * designs that make blocks, and one activation order for the whole network.
 */
public final class DeclarationValidator {
  private DeclarationValidator() {}

  /**
   * Adds a finding to {@code report} for every invalid value of {@code decl}.
   *
   * @return whether every size (dimensions, filters, kernels, strides, blocks) is positive and
   *     every block is well defined (groups, widths and ratios that make blocks, one activation
   *     order), so that the shapes and counts inferred from them mean something
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
      if (stem.deep() && stem.filters() >= 1 && stem.filters() < StemGeometry.DEEP_MIN_FILTERS) {
        report.error(Site.stem(Attributes.Stem.DEEP), Messages.deepStemTooNarrow(stem.filters()));
        sizes = false;
      }
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
    sizes &= activation(decl, report);
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
    sizes &= design(stage, report);
    Site name = Site.stage(i, Attributes.ResidualStage.NAME);
    if (!SourceVersion.isName(stage.name()) || stage.name().contains(".")) {
      report.error(name, Messages.notIdentifier("stage " + (i + 1), stage.name()));
    } else if (stage.constantName().equals("STEM")) {
      report.error(name, Messages.reservedStageName("stage " + (i + 1), stage.name()));
    }
    return sizes;
  }

  /** Checks the groups, width per group and squeeze ratio of a stage's blocks. */
  private static boolean design(StageDecl stage, Report report) {
    String owner = stage.name() + ":";
    int i = stage.index();
    boolean valid = true;
    Site groups = Site.stage(i, Attributes.ResidualStage.GROUPS);
    Site width = Site.stage(i, Attributes.ResidualStage.WIDTH_PER_GROUP);
    if (!BlockGeometry.isBottleneck(stage.block())) {
      if (stage.groups() != 1) {
        report.error(groups, Messages.groupsOnBasicBlock(stage.name(), groups.attribute()
            .orElseThrow().methodName(), stage.groups(), 1, stage.block().name()));
        valid = false;
      }
      if (stage.widthPerGroup() != BlockDesign.BASE_WIDTH) {
        report.error(width, Messages.groupsOnBasicBlock(stage.name(), width.attribute()
            .orElseThrow().methodName(), stage.widthPerGroup(), BlockDesign.BASE_WIDTH,
            stage.block().name()));
        valid = false;
      }
    } else {
      boolean positive = positive(report, groups, owner, stage.groups(),
          "use groups = 32 for ResNeXt, or 1") & positive(report, width, owner,
          stage.widthPerGroup(), "use widthPerGroup = 4 for ResNeXt 32x4d, or 64");
      valid &= positive;
      if (positive && stage.filters() >= 1) {
        long inner =
            BlockDesign.innerWidth(stage.filters(), stage.groups(), stage.widthPerGroup());
        if (inner < 1 || inner > Integer.MAX_VALUE) {
          report.error(width, Messages.innerWidthOutOfRange(stage.name(), stage.filters(),
              stage.widthPerGroup(), stage.groups(), inner));
          valid = false;
        }
      }
    }
    Site ratio = Site.stage(i, Attributes.ResidualStage.SQUEEZE_EXCITATION);
    if (stage.squeezeExcitation() < 0) {
      report.error(ratio, Messages.negativeSqueezeRatio(stage.name(), stage.squeezeExcitation()));
      valid = false;
    } else if (stage.squeezeExcitation() > 0 && stage.filters() >= 1) {
      int channels = stage.outputChannels();
      if (!BlockDesign.squeezeFits(channels, stage.squeezeExcitation())) {
        report.error(ratio, Messages.squeezeRatioDoesNotDivide(stage.name(),
            stage.squeezeExcitation(), channels));
        valid = false;
      }
    }
    return valid;
  }

  /**
   * Checks that the stages are all pre-activation or none, reporting the first stage that differs
   * from the first; that pre-activation stages have shortcuts; and that a pre-activation network
   * does not ask for a zero-initialised batch norm at the end of its branches.
   */
  private static boolean activation(NetworkDecl decl, Report report) {
    boolean valid = true;
    if (decl.stages().isEmpty()) {
      return true;
    }
    StageDecl first = decl.stages().get(0);
    for (StageDecl stage : decl.stages()) {
      if (stage.preActivation() != first.preActivation()) {
        report.error(Site.stage(stage.index(), Attributes.ResidualStage.BLOCK),
            Messages.mixedActivation(stage.name(), stage.block().name(), first.name(),
                first.block().name()));
        valid = false;
        break;
      }
    }
    for (StageDecl stage : decl.stages()) {
      if (stage.preActivation() && stage.shortcut() == Shortcut.NONE) {
        report.error(Site.stage(stage.index(), Attributes.ResidualStage.SHORTCUT),
            Messages.preActivationWithoutShortcut(stage.name(), stage.block().name()));
        valid = false;
      }
    }
    if (decl.preActivation() && decl.conventions().zeroInitResidual()) {
      report.error(Site.conventions(Attributes.Conventions.ZERO_INIT_RESIDUAL),
          Messages.zeroInitPreActivation());
    }
    return valid;
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
