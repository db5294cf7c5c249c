package dev.resdsl.model.plan;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockGeometry;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.model.plan.LayerRole.Part;
import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a network's {@link LayerPlan} stem, stage and block at a time; the code that the ResDSL
 * processor generates calls it. It names every layer ({@link LayerNames}), works out every shape
 * with the rules of {@code dev.resdsl.model}, and checks each stage's output against the shape the
 * compiler inferred.
 *
 * <p>Every convolution and batch norm is linear; ReLUs are layers of their own, so that a residual
 * branch is added before its activation.
 */
public final class PlanBuilder {
  private final Shape input;
  private final LayerConventions conventions;
  private final List<PlannedLayer> layers = new ArrayList<>();
  private final List<PlannedStage> stages = new ArrayList<>();
  private String current = LayerNames.INPUT;
  private Shape shape;
  private String stage;
  private int stageNumber;
  private int blockNumber;
  private boolean built;

  private PlanBuilder(Shape input, LayerConventions conventions) {
    this.input = input;
    this.shape = input;
    this.conventions = conventions;
  }

  /** Starts a plan on images of {@code input}. */
  public static PlanBuilder start(Shape input, LayerConventions conventions) {
    return new PlanBuilder(input, conventions);
  }

  /**
   * Adds the stem, conv(kernel, stride) + BN + ReLU + the optional 3x3/2 pool, and opens its stage
   * (close it with {@link #endStage}).
   */
  public PlanBuilder stem(int filters, int kernel, int stride, Pool pool) {
    checkOpen();
    if (!layers.isEmpty()) {
      throw new IllegalStateException("the stem must come first, but the plan already has "
          + current);
    }
    stage = LayerNames.STEM;
    String x = add(LayerNames.stemConvolution(), convolution(filters, kernel, stride),
        LayerRole.stem(Part.CONVOLUTION, 1), current);
    x = add(LayerNames.stemBatchNorm(), batchNorm(false), LayerRole.stem(Part.BATCH_NORM, 1), x);
    if (pool == Pool.NONE) {
      add(LayerNames.STEM, new LayerOp.Relu(), LayerRole.stem(Part.RELU, 1), x);
    } else {
      x = add(LayerNames.stemRelu(), new LayerOp.Relu(), LayerRole.stem(Part.RELU, 1), x);
      add(LayerNames.STEM, new LayerOp.Pooling(pool, StemGeometry.POOL_KERNEL,
          StemGeometry.POOL_STRIDE, StemGeometry.POOL_PADDING), LayerRole.stem(Part.POOL, 0), x);
    }
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
    return block(Block.BASIC, filters, stride, shortcut);
  }

  /** Adds a bottleneck block (1x1, 3x3, 1x1 to 4x filters) to the open stage. */
  public PlanBuilder bottleneck(int filters, int stride, BlockShortcut shortcut) {
    return block(Block.BOTTLENECK, filters, stride, shortcut);
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
   * Adds global pooling (or none), dropout (when above 0) and the dense softmax output, and
   * returns the plan.
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
    String x = current;
    if (pool != Pool.NONE) {
      x = add(LayerNames.HEAD_POOL, new LayerOp.GlobalPooling(pool),
          LayerRole.head(Part.GLOBAL_POOL), x);
    }
    if (dropout > 0) {
      x = add(LayerNames.HEAD_DROPOUT, new LayerOp.Dropout(dropout), LayerRole.head(Part.DROPOUT),
          x);
    }
    add(LayerNames.OUTPUT, new LayerOp.DenseSoftmax(classes), LayerRole.head(Part.DENSE), x);
    built = true;
    return new LayerPlan(input, layers, stages);
  }

  private PlanBuilder block(Block kind, int filters, int stride, BlockShortcut shortcut) {
    checkOpen();
    if (stage == null || stage.equals(LayerNames.STEM)) {
      throw new IllegalStateException("a block belongs to a stage: call stage(name) first");
    }
    blockNumber++;
    String block = LayerNames.block(stage, blockNumber);
    String in = current;
    Shape inShape = shape;
    List<BranchConvolution> branch =
        BlockGeometry.branch(kind, filters, stride, conventions.bottleneckStride());
    String x = in;
    for (int i = 1; i <= branch.size(); i++) {
      BranchConvolution conv = branch.get(i - 1);
      boolean last = i == branch.size();
      x = add(LayerNames.convolution(block, i), convolution(conv.channels(), conv.kernel(),
          conv.stride()), role(Part.CONVOLUTION, i), x);
      boolean zeroGamma = last && conventions.zeroInitResidual() && shortcut != BlockShortcut.NONE;
      x = add(LayerNames.batchNorm(block, i), batchNorm(zeroGamma), role(Part.BATCH_NORM, i), x);
      if (!last) {
        x = add(LayerNames.relu(block, i), new LayerOp.Relu(), role(Part.RELU, i), x);
      }
    }
    Shape outShape = shape;
    if (shortcut != BlockShortcut.NONE) {
      String residual = x;
      String path = switch (shortcut) {
        case IDENTITY -> {
          if (!inShape.equals(outShape)) {
            throw new IllegalArgumentException(block + ": an identity shortcut cannot join "
                + inShape + " to " + outShape);
          }
          yield in;
        }
        case ZERO_PAD -> {
          if (outShape.channels() < inShape.channels()) {
            throw new IllegalArgumentException(block + ": a zero-padding shortcut cannot shrink "
                + inShape + " to " + outShape);
          }
          yield add(LayerNames.zeroPadShortcut(block),
              new LayerOp.ZeroPadShortcut(outShape.channels(), stride),
              role(Part.ZERO_PAD_SHORTCUT, 0), in);
        }
        case PROJECTION -> add(LayerNames.shortcutBatchNorm(block), batchNorm(false),
            role(Part.SHORTCUT_BATCH_NORM, 0),
            add(LayerNames.shortcutConvolution(block),
                convolution(outShape.channels(), 1, stride), role(Part.SHORTCUT_CONVOLUTION, 0),
                in));
        case NONE -> throw new AssertionError(shortcut);
      };
      x = add(LayerNames.add(block), new LayerOp.Add(), role(Part.ADD, 0), residual, path);
    }
    add(block, new LayerOp.Relu(), role(Part.OUTPUT_RELU, 0), x);
    return this;
  }

  private LayerRole role(Part part, int index) {
    return LayerRole.block(stageNumber, blockNumber, part, index);
  }

  private LayerOp.Convolution convolution(int channels, int kernel, int stride) {
    return new LayerOp.Convolution(channels, kernel, stride, conventions.convBias());
  }

  private LayerOp.BatchNorm batchNorm(boolean zeroGamma) {
    return new LayerOp.BatchNorm(
        conventions.batchNormEpsilon(), conventions.batchNormDecay(), zeroGamma);
  }

  /** Adds a layer reading {@code from}; it becomes the current layer. */
  private String add(String name, LayerOp op, LayerRole role, String... from) {
    Shape in = shapeOf(from[0]);
    Shape out = op.output(in);
    for (String other : from) {
      if (!shapeOf(other).equals(in)) {
        throw new IllegalArgumentException(name + " adds " + in + " to " + shapeOf(other));
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
