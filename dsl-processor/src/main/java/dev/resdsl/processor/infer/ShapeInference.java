package dev.resdsl.processor.infer;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.processor.infer.NetworkPlan.BlockPlan;
import dev.resdsl.processor.infer.NetworkPlan.HeadPlan;
import dev.resdsl.processor.infer.NetworkPlan.StagePlan;
import dev.resdsl.processor.infer.NetworkPlan.StemPlan;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.NetworkDecl.StemDecl;
import dev.resdsl.processor.model.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Infers the shape after every block, resolves each block's shortcut and counts parameters and
 * multiply-adds. A pure function of the declaration.
 *
 * <p>Inference never fails: where the declaration is invalid (a zero stride, an identity
 * shortcut across a shape change) it goes on with the shapes the declaration implies, so that
 * validation can report every error of a spec in one compilation.
 */
public final class ShapeInference {
  /** Side of the stem pool's window; its stride is 2 and its padding 1, as in the paper. */
  public static final int STEM_POOL_STRIDE = 2;

  private final boolean convBias;
  private final StridePlacement bottleneckStride;

  private ShapeInference(NetworkDecl decl) {
    this.convBias = decl.conventions().convBias();
    this.bottleneckStride = decl.conventions().bottleneckStride();
  }

  /** The plan of a declared network. */
  public static NetworkPlan infer(NetworkDecl decl) {
    return new ShapeInference(decl).plan(decl);
  }

  private NetworkPlan plan(NetworkDecl decl) {
    TensorShape input = positive(decl.input());
    Optional<StemPlan> stem = decl.stem().map(s -> stem(s, input));
    TensorShape current = stem.map(StemPlan::output).orElse(input);
    List<StagePlan> stages = new ArrayList<>();
    for (StageDecl stage : decl.stages()) {
      StagePlan plan = stage(stage, current);
      stages.add(plan);
      current = plan.output();
    }
    return new NetworkPlan(decl, stem, stages, head(decl, current));
  }

  private StemPlan stem(StemDecl decl, TensorShape input) {
    int kernel = atLeastOne(decl.kernel());
    TensorShape conv = input.then(atLeastOne(decl.filters()), atLeastOne(decl.stride()));
    TensorShape output = decl.pool() == Pool.NONE ? conv : conv.then(conv.channels(), STEM_POOL_STRIDE);
    Cost cost =
        Cost.convolution(kernel, input.channels(), conv, convBias)
            .plus(Cost.batchNorm(conv.channels()));
    return new StemPlan(decl, input, conv, output, cost);
  }

  private StagePlan stage(StageDecl decl, TensorShape input) {
    int filters = atLeastOne(decl.filters());
    int blocks = atLeastOne(decl.blocks());
    List<BlockPlan> plans = new ArrayList<>(blocks);
    TensorShape current = input;
    for (int i = 0; i < blocks; i++) {
      int stride = i == 0 ? atLeastOne(decl.stride()) : 1;
      BlockPlan block = block(decl, decl.name() + "_block" + (i + 1), filters, stride, current);
      plans.add(block);
      current = block.output();
    }
    return new StagePlan(decl, input, plans);
  }

  private BlockPlan block(
      StageDecl stage, String name, int filters, int stride, TensorShape input) {
    Cost cost;
    TensorShape output;
    if (stage.block() == Block.BASIC) {
      output = input.then(filters, stride);
      cost =
          conv(3, input.channels(), output)
              .plus(conv(3, filters, output));
    } else {
      boolean strideFirst = bottleneckStride == StridePlacement.FIRST;
      TensorShape reduced = input.then(filters, strideFirst ? stride : 1);
      TensorShape inner = reduced.then(filters, strideFirst ? 1 : stride);
      output = inner.then(4 * filters, 1);
      cost =
          conv(1, input.channels(), reduced)
              .plus(conv(3, filters, inner))
              .plus(conv(1, filters, output));
    }
    BlockShortcutKind shortcut = resolve(stage.shortcut(), input, output);
    if (shortcut == BlockShortcutKind.PROJECTION) {
      cost = cost.plus(conv(1, input.channels(), output));
    }
    return new BlockPlan(name, stage.block(), filters, stride, shortcut, input, output, cost);
  }

  /** A convolution and the batch norm after it. */
  private Cost conv(int kernel, int inChannels, TensorShape output) {
    return Cost.convolution(kernel, inChannels, output, convBias)
        .plus(Cost.batchNorm(output.channels()));
  }

  /**
   * The shortcut a block gets from its stage's option. An IDENTITY across a shape change, or a
   * ZERO_PAD that would shrink channels, is kept as declared: validation reports it.
   */
  static BlockShortcutKind resolve(Shortcut option, TensorShape input, TensorShape output) {
    boolean same = input.equals(output);
    return switch (option) {
      case NONE -> BlockShortcutKind.NONE;
      case IDENTITY -> BlockShortcutKind.IDENTITY;
      case PROJECTION_ALL -> BlockShortcutKind.PROJECTION;
      case ZERO_PAD -> same ? BlockShortcutKind.IDENTITY : BlockShortcutKind.ZERO_PAD;
      case PROJECTION -> same ? BlockShortcutKind.IDENTITY : BlockShortcutKind.PROJECTION;
    };
  }

  private static HeadPlan head(NetworkDecl decl, TensorShape input) {
    long features =
        decl.head().pool() == Pool.NONE
            ? (long) input.channels() * input.height() * input.width()
            : input.channels();
    return new HeadPlan(input, features, Cost.dense(features, atLeastOne(decl.classes())));
  }

  private static TensorShape positive(TensorShape shape) {
    return new TensorShape(
        atLeastOne(shape.channels()), atLeastOne(shape.height()), atLeastOne(shape.width()));
  }

  private static int atLeastOne(int value) {
    return Math.max(1, value);
  }
}
