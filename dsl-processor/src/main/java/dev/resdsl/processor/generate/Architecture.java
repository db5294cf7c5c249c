package dev.resdsl.processor.generate;

import dev.resdsl.model.BlockDesign;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import java.util.StringJoiner;

/**
 * The canonical one-line description of every declared choice that shapes a network's weights.
 * Two networks with the same text can exchange checkpoints; checkpoints carry it.
 */
final class Architecture {
  private Architecture() {}

  static String describe(NetworkDecl decl) {
    StringJoiner text = new StringJoiner("; ");
    text.add("input " + decl.input());
    // The next wave's choices are written only where they differ from the defaults, so that the
    // text, and the checkpoints that carry it, of every earlier network stay as they were.
    decl.stem().ifPresent(stem -> text.add(
        "stem " + stem.filters() + " k" + stem.kernel() + " s" + stem.stride() + " " + stem.pool()
            + (stem.deep() ? " deep" : "")));
    for (StageDecl stage : decl.stages()) {
      String groups = stage.groups() != 1 || stage.widthPerGroup() != BlockDesign.BASE_WIDTH
          ? " g" + stage.groups() + "w" + stage.widthPerGroup() : "";
      String squeeze = stage.squeezeExcitation() != 0 ? " se" + stage.squeezeExcitation() : "";
      text.add(stage.name() + " " + stage.blocks() + "x" + stage.block() + " " + stage.filters()
          + groups + squeeze + " s" + stage.stride() + " " + stage.shortcut());
    }
    text.add("head " + decl.head().pool() + " " + decl.classes());
    text.add("bias " + decl.conventions().convBias()
        + " bottleneck-stride " + decl.conventions().bottleneckStride());
    return text.toString();
  }
}
