package dev.resdsl.processor.generate;

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
    decl.stem().ifPresent(stem -> text.add(
        "stem " + stem.filters() + " k" + stem.kernel() + " s" + stem.stride() + " " + stem.pool()));
    for (StageDecl stage : decl.stages()) {
      text.add(stage.name() + " " + stage.blocks() + "x" + stage.block() + " " + stage.filters()
          + " s" + stage.stride() + " " + stage.shortcut());
    }
    text.add("head " + decl.head().pool() + " " + decl.classes());
    text.add("bias " + decl.conventions().convBias()
        + " bottleneck-stride " + decl.conventions().bottleneckStride());
    return text.toString();
  }
}
