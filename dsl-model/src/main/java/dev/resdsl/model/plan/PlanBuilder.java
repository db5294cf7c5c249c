package dev.resdsl.model.plan;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.StemDesign;
import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a network's {@link LayerPlan} stem, stage and block at a time; the code that the ResDSL
 * processor generates calls it. It lays every layer out as {@link UnitLayout} says (names from
 * {@link LayerNames}), works out every shape with the rules of {@code dev.resdsl.model}, and checks
 * each stage's output against the shape the compiler inferred.
 *
 * <p>Every convolution and batch norm is linear; ReLUs are layers of their own, so that a residual
 * branch is added before its activation. A plan of pre-activation blocks is started with {@link
 * #startPreActivation}: its stem ends in its convolution, and its head begins with the batch norm
 * and ReLU that the last block leaves out.
 */
public final class PlanBuilder {
  private final Shape input;
  private final boolean preActivation;
  private final UnitLayout layout;
  private final List<PlannedLayer> layers = new ArrayList<>();
  private final List<PlannedStage> stages = new ArrayList<>();
  private String current = LayerNames.INPUT;
  private Shape shape;
  private String stage;
  private int stageNumber;
  private int blockNumber;
  private boolean built;

  private PlanBuilder(Shape input, LayerConventions conventions, boolean preActivation) {
    this.input = input;
    this.shape = input;
    this.preActivation = preActivation;
    this.layout = new UnitLayout(this::add, conventions);
  }

  /** Starts a plan on images of {@code input}. */
  public static PlanBuilder start(Shape input, LayerConventions conventions) {
    return new PlanBuilder(input, conventions, false);
  }

  /**
   * Starts a plan of pre-activation blocks (He et al. 2016) on images of {@code input}: its stem
   * is its convolution alone, its blocks must be pre-activation ones, and its head begins with
   * batch norm and ReLU.
   */
  public static PlanBuilder startPreActivation(Shape input, LayerConventions conventions) {
    return new PlanBuilder(input, conventions, true);
  }

  /**
   * Adds the stem, conv(kernel, stride) + BN + ReLU + the optional 3x3/2 pool, and opens its stage
   * (close it with {@link #endStage}).
   */
  public PlanBuilder stem(int filters, int kernel, int stride, Pool pool) {
    return stem(new StemDesign(filters, kernel, stride, pool, false));
  }

  /**
   * Adds the stem {@code stem}, each convolution followed by BN + ReLU (but the last in a
   * pre-activation plan), then the optional 3x3/2 pool, and opens its stage (close it with {@link
   * #endStage}).
   */
  public PlanBuilder stem(StemDesign stem) {
    checkOpen();
    if (!layers.isEmpty()) {
      throw new IllegalStateException("the stem must come first, but the plan already has "
          + current);
    }
    stage = LayerNames.STEM;
    layout.stem(current, stem, preActivation);
    return this;
  }

  /** Opens the stage {@code name}: the blocks that follow are its, until {@link #endStage}. */
  public PlanBuilder stage(String name) {
    checkOpen();
    if (stage != null) {
      throw new IllegalStateException("stage " + stage + " is still open");
    }
    stage = name;
    stageNumber++;
    blockNumber = 0;
    return this;
  }

  /** Adds a basic block (two 3x3 convolutions) to the open stage. */
  public PlanBuilder basic(int filters, int stride, BlockShortcut shortcut) {
    return block(BlockDesign.of(Block.BASIC, filters), stride, shortcut);
  }

  /** Adds a bottleneck block (1x1, 3x3, 1x1 to 4x filters) to the open stage. */
  public PlanBuilder bottleneck(int filters, int stride, BlockShortcut shortcut) {
    return block(BlockDesign.of(Block.BOTTLENECK, filters), stride, shortcut);
  }

  /**
   * Adds a block of {@code design} to the open stage: any kind, with groups, width and
   * squeeze-and-excitation.
   *
   * @throws IllegalArgumentException if the design is pre-activation and the plan is not, or the
   *     other way round, or the shortcut cannot join the block's input to its output
   */
  public PlanBuilder block(BlockDesign design, int stride, BlockShortcut shortcut) {
    checkOpen();
    if (stage == null || stage.equals(LayerNames.STEM)) {
      throw new IllegalStateException("a block belongs to a stage: call stage(name) first");
    }
    if (design.preActivation() != preActivation) {
      throw new IllegalArgumentException("a " + design.kind() + " block in a plan started with "
          + (preActivation ? "startPreActivation" : "start") + ": all blocks are pre-activation"
          + " or none");
    }
    blockNumber++;
    String block = LayerNames.block(stage, blockNumber);
    Shape outShape = shape.then(design.outputChannels(), stride);
    if (shortcut == BlockShortcut.IDENTITY && !shape.equals(outShape)) {
      throw new IllegalArgumentException(block + ": an identity shortcut cannot join "
          + shape + " to " + outShape);
    }
    if (shortcut == BlockShortcut.ZERO_PAD && outShape.channels() < shape.channels()) {
      throw new IllegalArgumentException(block + ": a zero-padding shortcut cannot shrink "
          + shape + " to " + outShape);
    }
    layout.block(current, stage, stageNumber, blockNumber, design, stride, shortcut);
    return this;
  }

  /**
   * Closes the open stage (or the stem), whose output the compiler inferred as {@code expected}.
   *
   * @throws IllegalStateException if the plan's own shape differs from {@code expected}
   */
  public PlanBuilder endStage(Shape expected) {
    checkOpen();
    if (stage == null) {
      throw new IllegalStateException("no stage is open");
    }
    if (!shape.equals(expected)) {
      throw new IllegalStateException("stage " + stage + ": the compiler inferred " + expected
          + " but the plan makes " + shape);
    }
    stages.add(new PlannedStage(stage, current, shape));
    stage = null;
    return this;
  }

  /**
   * Adds the head (in a pre-activation plan batch norm and ReLU first), global pooling (or none),
   * dropout (when above 0) and the dense softmax output, and returns the plan.
   *
   * @param dropout the probability of dropping an activation, in {@code [0, 1)}
   */
  public LayerPlan head(Pool pool, double dropout, int classes) {
    checkOpen();
    if (stage != null) {
      throw new IllegalStateException("stage " + stage + " is still open");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    layout.head(current, preActivation, pool, dropout, classes);
    built = true;
    return new LayerPlan(input, layers, stages);
  }

  /** Adds a layer reading {@code from}; it becomes the current layer. */
  private String add(String name, LayerOp op, LayerRole role, String... from) {
    Shape in = shapeOf(from[0]);
    Shape out = op.output(in);
    if (op instanceof LayerOp.ChannelScale) {
      Shape weights = shapeOf(from[1]);
      if (!weights.equals(new Shape(in.channels(), 1, 1))) {
        throw new IllegalArgumentException(name + " scales " + in + " by " + weights);
      }
    } else {
      for (String other : from) {
        if (!shapeOf(other).equals(in)) {
          throw new IllegalArgumentException(name + " adds " + in + " to " + shapeOf(other));
        }
      }
    }
    layers.add(new PlannedLayer(name, op, role, List.of(from), in, out));
    current = name;
    shape = out;
    return name;
  }

  private Shape shapeOf(String layer) {
    if (layer.equals(LayerNames.INPUT)) {
      return input;
    }
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (layers.get(i).name().equals(layer)) {
        return layers.get(i).output();
      }
    }
    throw new IllegalStateException("no layer " + layer);
  }

  private void checkOpen() {
    if (built) {
      throw new IllegalStateException("head() has already built this plan");
    }
  }
}
