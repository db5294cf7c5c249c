package dev.resdsl.processor.infer;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockGeometry;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.Cost;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.processor.infer.NetworkPlan.BlockPlan;
import dev.resdsl.processor.infer.NetworkPlan.HeadPlan;
import dev.resdsl.processor.infer.NetworkPlan.StagePlan;
import dev.resdsl.processor.infer.NetworkPlan.StemPlan;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.InputDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.NetworkDecl.StemDecl;
import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Infers the shape after every block, resolves each block's shortcut and counts parameters and
 * multiply-adds, with the rules of {@code dev.resdsl.model} that the generated layer plan follows
 * at run time. A pure function of the declaration.
 *
 * <p>Inference never fails: where the declaration is invalid (a zero stride, an identity
 * shortcut across a shape change) it goes on with the shapes the declaration implies, so that
 * validation can report every error of a spec in one compilation.
 */
public final class ShapeInference {
  private final NetworkDecl decl;

  private ShapeInference(NetworkDecl decl) {
    this.decl = decl;
  }

  /** The plan of a declared network. */
  public static NetworkPlan infer(NetworkDecl decl) {
    return new ShapeInference(decl).plan();
  }

  private NetworkPlan plan() {
    Shape input = positive(decl.input());
    Optional<StemPlan> stem = decl.stem().map(s -> stem(s, input));
    Shape current = stem.map(StemPlan::output).orElse(input);
    List<StagePlan> stages = new ArrayList<>();
    for (StageDecl stage : decl.stages()) {
      StagePlan plan = stage(stage, current);
      stages.add(plan);
      current = plan.output();
    }
    return new NetworkPlan(decl, stem, stages, head(current));
  }

  private StemPlan stem(StemDecl stem, Shape input) {
    int kernel = atLeastOne(stem.kernel());
    Shape conv = input.then(atLeastOne(stem.filters()), atLeastOne(stem.stride()));
    Cost cost = conv(kernel, input.channels(), conv);
    return new StemPlan(stem, input, conv, StemGeometry.output(conv, stem.pool()), cost);
  }

  private StagePlan stage(StageDecl stage, Shape input) {
    int filters = atLeastOne(stage.filters());
    int blocks = atLeastOne(stage.blocks());
    List<BlockPlan> plans = new ArrayList<>(blocks);
    Shape current = input;
    for (int i = 1; i <= blocks; i++) {
      int stride = i == 1 ? atLeastOne(stage.stride()) : 1;
      BlockPlan block = block(stage, LayerNames.block(stage.name(), i), filters, stride, current);
      plans.add(block);
      current = block.output();
    }
    return new StagePlan(stage, input, plans);
  }

  private BlockPlan block(StageDecl stage, String name, int filters, int stride, Shape input) {
    Cost cost = Cost.ZERO;
    Shape output = input;
    for (BranchConvolution branch : BlockGeometry.branch(
        stage.block(), filters, stride, decl.conventions().bottleneckStride())) {
      int inChannels = output.channels();
      output = output.then(branch.channels(), branch.stride());
      cost = cost.plus(conv(branch.kernel(), inChannels, output));
    }
    BlockShortcut shortcut = BlockShortcut.resolve(stage.shortcut(), input, output);
    if (shortcut == BlockShortcut.PROJECTION) {
      cost = cost.plus(conv(1, input.channels(), output));
    }
    return new BlockPlan(name, stage.block(), filters, stride, shortcut, input, output, cost);
  }

  /** A convolution and the batch norm after it. */
  private Cost conv(int kernel, int inChannels, Shape output) {
    return Cost.convolution(kernel, inChannels, output, decl.conventions().convBias())
        .plus(Cost.batchNorm(output.channels()));
  }

  private HeadPlan head(Shape input) {
    long features = decl.head().pool() == Pool.NONE ? input.size() : input.channels();
    return new HeadPlan(input, features, Cost.dense(features, atLeastOne(decl.classes())));
  }

  private static Shape positive(InputDecl input) {
    return new Shape(
        atLeastOne(input.channels()), atLeastOne(input.height()), atLeastOne(input.width()));
  }

  private static int atLeastOne(int value) {
    return Math.max(1, value);
  }
}
