package dev.resdsl.processor.infer;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockGeometry;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.Cost;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.LayerRole;
import dev.resdsl.model.plan.UnitLayout;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Infers the shape after every block, resolves each block's shortcut and counts parameters and
 * multiply-adds, with the rules of {@code dev.resdsl.model} that the generated layer plan follows
 * at run time: the costs are summed over the layers that {@link UnitLayout} lays out, the very
 * layers {@code PlanBuilder} adds to the plan. A pure function of the declaration.
 *
 * <p>Inference never fails: where the declaration is invalid (a zero stride, an identity
 * shortcut across a shape change, groups on a basic block) it goes on with the shapes the
 * declaration implies, or the defaults where it implies none, so that validation can report every
 * error of a spec in one compilation.
 */
public final class ShapeInference {
  private final NetworkDecl decl;
  private final Costing costing;
  private final UnitLayout layout;

  private ShapeInference(NetworkDecl decl) {
    this.decl = decl;
    this.costing = new Costing(positive(decl.input()));
    this.layout = new UnitLayout(costing, decl.conventions());
  }

  /** The plan of a declared network. */
  public static NetworkPlan infer(NetworkDecl decl) {
    return new ShapeInference(decl).plan();
  }

  private NetworkPlan plan() {
    Shape input = positive(decl.input());
    String current = LayerNames.INPUT;
    Optional<StemPlan> stem = Optional.empty();
    if (decl.stem().isPresent()) {
      StemDecl s = decl.stem().get();
      current = layout.stem(current, stemDesign(s), decl.preActivation());
      Shape conv = input.then(atLeastOne(s.filters()), atLeastOne(s.stride()));
      stem = Optional.of(new StemPlan(s, input, conv, costing.shape(current), costing.take()));
    }
    List<StagePlan> stages = new ArrayList<>();
    int number = 0;
    for (StageDecl stage : decl.stages()) {
      number++;
      Shape stageInput = costing.shape(current);
      List<BlockPlan> blocks = new ArrayList<>();
      BlockDesign design = design(stage);
      for (int i = 1; i <= atLeastOne(stage.blocks()); i++) {
        int stride = i == 1 ? atLeastOne(stage.stride()) : 1;
        Shape in = costing.shape(current);
        Shape out = in.then(design.outputChannels(), stride);
        BlockShortcut shortcut = BlockShortcut.resolve(stage.shortcut(), in, out);
        // Validation reports a pre-activation block without a shortcut; its layers are counted
        // as if it had an identity one, which holds no parameters.
        BlockShortcut laidOut = shortcut == BlockShortcut.NONE && design.preActivation()
            ? BlockShortcut.IDENTITY : shortcut;
        current = layout.block(current, stage.name(), number, i, design, stride, laidOut);
        blocks.add(new BlockPlan(LayerNames.block(stage.name(), i), design, stride, shortcut, in,
            costing.shape(current), costing.take()));
      }
      stages.add(new StagePlan(stage, stageInput, blocks));
    }
    Shape last = costing.shape(current);
    long features = decl.head().pool() == Pool.NONE ? last.size() : last.channels();
    // A dropout probability outside [0, 1) is reported; no dropout holds parameters anyway.
    layout.head(current, decl.preActivation(), decl.head().pool(), 0, atLeastOne(decl.classes()));
    return new NetworkPlan(decl, stem, stages, new HeadPlan(last, features, costing.take()));
  }

  /** The stem as declared, or, where the declaration is invalid, as inference assumes it. */
  private static StemDesign stemDesign(StemDecl stem) {
    int filters = atLeastOne(stem.filters());
    return new StemDesign(filters, atLeastOne(stem.kernel()), atLeastOne(stem.stride()),
        stem.pool(), stem.deep() && filters >= StemGeometry.DEEP_MIN_FILTERS);
  }

  /**
   * The stage's block design, or, where the declaration is invalid, the defaults in place of the
   * groups, width and ratio that make no block.
   */
  static BlockDesign design(StageDecl stage) {
    BlockDesign design = BlockDesign.of(stage.block(), atLeastOne(stage.filters()));
    if (BlockGeometry.isBottleneck(stage.block()) && stage.groups() >= 1
        && stage.widthPerGroup() >= 1) {
      long inner = BlockDesign.innerWidth(design.filters(), stage.groups(), stage.widthPerGroup());
      if (inner >= 1 && inner <= Integer.MAX_VALUE) {
        design = design.withGroups(stage.groups(), stage.widthPerGroup());
      }
    }
    return BlockDesign.squeezeFits(design.outputChannels(), stage.squeezeExcitation())
        ? design.withSqueezeExcitation(stage.squeezeExcitation())
        : design;
  }

  private static Shape positive(InputDecl input) {
    return new Shape(
        atLeastOne(input.channels()), atLeastOne(input.height()), atLeastOne(input.width()));
  }

  private static int atLeastOne(int value) {
    return Math.max(1, value);
  }

  /**
   * Takes the layers of a layout and keeps each one's shape and the cost of those since the last
   * {@link #take}. It names them itself, so that two stages of one name (an error validation
   * reports) cannot mix up their layers.
   */
  private static final class Costing implements UnitLayout.Sink {
    private final Map<String, Shape> shapes = new HashMap<>();
    private Cost cost = Cost.ZERO;

    Costing(Shape input) {
      shapes.put(LayerNames.INPUT, input);
    }

    @Override
    public String add(String name, LayerOp op, LayerRole role, String... inputs) {
      Shape in = shapes.get(inputs[0]);
      String key = "#" + shapes.size();
      shapes.put(key, op.output(in));
      cost = cost.plus(op.cost(in));
      return key;
    }

    Shape shape(String layer) {
      return shapes.get(layer);
    }

    /** The cost of the layers since the last call. */
    Cost take() {
      Cost taken = cost;
      cost = Cost.ZERO;
      return taken;
    }
  }
}
