package dev.resdsl.processor.generate;

import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockGeometry;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.processor.infer.NetworkPlan;
import dev.resdsl.processor.infer.NetworkPlan.StagePlan;
import dev.resdsl.processor.infer.NetworkPlan.StemPlan;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A network's layers laid out as Table 1 of He et al. (2015) lays out the ImageNet ResNets, for
 * the generated class's Javadoc: one row for the stem convolution ({@code conv1}), one for its
 * pool, and one per stage with its blocks in brackets, such as {@code [1x1, 64; 3x3, 64; 1x1,
 * 256] x 3}; each row with its output shape.
 *
 * <p>The next wave's blocks are written the same way: a ResNeXt bottleneck's grouped 3x3 as
 * {@code 3x3, 128, C=32} (as Xie et al.'s Table 1 writes cardinality), a wide one with its inner
 * width, a pre-activation stage prefixed {@code pre-activation}, a squeeze-and-excitation unit as
 * {@code squeeze-and-excitation 1/16}, a deep stem as its three convolutions.
 *
 * <p>A striding bottleneck stage says which convolution carries the stride: torchvision's v1.5
 * puts it on the 3x3, the paper on the first 1x1, which then computes a quarter of the positions.
 * That is why a torchvision ResNet-50 counts 4.09 G multiply-adds where the paper's placement
 * gives 3.86 G (the paper reports 3.8 G).
 */
final class LayerTable {
  private static final String GAP = "  ";

  private final NetworkDecl decl;
  private final List<String[]> rows = new ArrayList<>();

  private LayerTable(NetworkDecl decl) {
    this.decl = decl;
  }

  /** The table's lines, each ending in a line break, columns aligned. */
  static String of(NetworkPlan plan) {
    LayerTable table = new LayerTable(plan.decl());
    table.row("layer", "output", plan.decl().className());
    table.row("input", plan.decl().input().toString(), "");
    plan.stem().ifPresent(table::stem);
    for (StagePlan stage : plan.stages()) {
      table.row(stage.decl().name(), stage.output().toString(), table.stage(stage));
    }
    table.row("head", String.valueOf(plan.decl().classes()), table.head());
    return table.format();
  }

  private void row(String name, String output, String layers) {
    rows.add(new String[] {name, output, layers});
  }

  private void stem(StemPlan stem) {
    int kernel = stem.decl().kernel();
    StringJoiner convolutions = new StringJoiner("; ");
    for (BranchConvolution conv : StemGeometry.convolutions(stem.decl().filters(), kernel,
        stem.decl().stride(), stem.decl().deep())) {
      convolutions.add(kernel + "x" + kernel + ", " + conv.channels() + stride(conv.stride()));
    }
    row("conv1", stem.convolution().toString(), convolutions
        + (decl.preActivation() ? " (no batch norm and ReLU: the first block applies them)" : ""));
    if (stem.decl().pool() != Pool.NONE) {
      row("pool", stem.output().toString(), "3x3 " + poolName(stem.decl().pool()) + " pool"
          + stride(StemGeometry.POOL_STRIDE));
    }
  }

  private String stage(StagePlan plan) {
    StageDecl stage = plan.decl();
    BlockDesign design = plan.blocks().get(0).design();
    int width = design.innerWidth();
    boolean basic = !BlockGeometry.isBottleneck(stage.block());
    String grouped = design.groups() > 1 ? ", C=" + design.groups() : "";
    String blocks = basic
        ? "[3x3, " + width + "; 3x3, " + width + "]"
        : "[1x1, " + width + "; 3x3, " + width + grouped + "; 1x1, " + stage.outputChannels()
            + "]";
    StringJoiner text = new StringJoiner(", ")
        .add((stage.preActivation() ? "pre-activation " : "") + blocks + " x " + stage.blocks());
    if (design.squeezeExcitation() > 0) {
      text.add("squeeze-and-excitation 1/" + design.squeezeExcitation());
    }
    if (stage.stride() > 1) {
      text.add("stride " + stage.stride() + (basic ? "" : bottleneckStridePlacement()));
    }
    return text.add("shortcut " + stage.shortcut()).toString();
  }

  private String bottleneckStridePlacement() {
    return decl.conventions().bottleneckStride() == StridePlacement.MIDDLE
        ? " on the 3x3 (torchvision v1.5)"
        : " on the first 1x1 (the paper)";
  }

  private String head() {
    Pool pool = decl.head().pool();
    StringJoiner text = new StringJoiner(", ");
    if (decl.preActivation()) {
      text.add("batch norm, ReLU");
    }
    text.add(pool == Pool.NONE ? "flatten" : "global " + poolName(pool) + " pool");
    if (decl.head().dropout() > 0) {
      text.add("dropout " + decl.head().dropout());
    }
    return text.add(decl.classes() + "-d fc, softmax").toString();
  }

  private static String poolName(Pool pool) {
    return pool == Pool.MAX ? "max" : "average";
  }

  private static String stride(int stride) {
    return stride > 1 ? ", stride " + stride : "";
  }

  /** Pads every column but the last to its widest cell. */
  private String format() {
    int[] widths = new int[2];
    for (String[] row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < widths.length; column++) {
        line.append(row[column]).append(" ".repeat(widths[column] - row[column].length()))
            .append(GAP);
      }
      text.append(line.append(row[widths.length]).toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
