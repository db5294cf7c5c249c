package dev.resdsl.model.plan;

import dev.resdsl.annotations.Pool;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockGeometry.BranchConvolution;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.StemGeometry;
import dev.resdsl.model.plan.LayerRole.Part;
import java.util.List;

/**
 * The layers of a stem, a residual block and a head: each layer's name, operation, role and
 * inputs, written once. {@link PlanBuilder} adds them to a plan; the processor's inference counts
 * parameters and multiply-adds over the very same layers, so that the two cannot disagree.
 *
 * <p>A post-activation block (the paper's) is convolution, batch norm and ReLU per branch
 * convolution, without the last ReLU, then the optional squeeze-and-excitation unit, the addition
 * and a ReLU, its output. A pre-activation block (He et al. 2016) is batch norm, ReLU and
 * convolution per branch convolution, then the unit and the addition, its output; a shortcut that
 * is not an identity reads the block's pre-activated input, and has no batch norm. The layout
 * works on names and never on shapes: whether shapes fit is its callers' business.
 */
public final class UnitLayout {
  /** ResNet-D's average pool window: 2x2 whatever the stride, as timm's {@code downsample_avg}. */
  private static final int AVG_SHORTCUT_KERNEL = 2;

  /** Where a layout puts its layers. */
  public interface Sink {
    /**
     * Adds a layer reading the layers (or the input) named {@code inputs}, in order.
     *
     * @return the layer's name, by which later layers read it
     */
    String add(String name, LayerOp op, LayerRole role, String... inputs);
  }

  private final Sink sink;
  private final LayerConventions conventions;

  /** A layout of layers with {@code conventions}, put into {@code sink}. */
  public UnitLayout(Sink sink, LayerConventions conventions) {
    this.sink = sink;
    this.conventions = conventions;
  }

  /**
   * The stem on {@code input}: each convolution with batch norm and ReLU (but the last
   * convolution alone in a pre-activation network), then the pool. Its last layer is named {@link
   * LayerNames#STEM}; a stem of one convolution names its layers {@code stem_conv}, {@code
   * stem_bn} and {@code stem_relu}, a deep one numbers them.
   *
   * @return the stem's output
   */
  public String stem(String input, StemDesign stem, boolean preActivation) {
    List<BranchConvolution> convolutions = stem.convolutions();
    boolean numbered = convolutions.size() > 1;
    boolean pooled = stem.pool() != Pool.NONE;
    String x = input;
    for (int i = 1; i <= convolutions.size(); i++) {
      BranchConvolution conv = convolutions.get(i - 1);
      boolean last = i == convolutions.size();
      boolean bare = last && preActivation;
      String name = bare && !pooled ? LayerNames.STEM
          : numbered ? LayerNames.stemConvolution(i) : LayerNames.stemConvolution();
      x = sink.add(name, convolution(conv), LayerRole.stem(Part.CONVOLUTION, i), x);
      if (!bare) {
        x = sink.add(numbered ? LayerNames.stemBatchNorm(i) : LayerNames.stemBatchNorm(),
            batchNorm(false), LayerRole.stem(Part.BATCH_NORM, i), x);
        name = last && !pooled ? LayerNames.STEM
            : numbered ? LayerNames.stemRelu(i) : LayerNames.stemRelu();
        x = sink.add(name, new LayerOp.Relu(), LayerRole.stem(Part.RELU, i), x);
      }
    }
    if (pooled) {
      x = sink.add(LayerNames.STEM, new LayerOp.Pooling(stem.pool(), StemGeometry.POOL_KERNEL,
          StemGeometry.POOL_STRIDE, StemGeometry.POOL_PADDING), LayerRole.stem(Part.POOL, 0), x);
    }
    return x;
  }

  /**
   * Block {@code block} (from 1) of stage {@code stage}, the {@code stageNumber}-th (from 1), on
   * {@code input}; its last layer is named {@link LayerNames#block}.
   *
   * @return the block's output
   */
  public String block(String input, String stage, int stageNumber, int block, BlockDesign design,
      int stride, BlockShortcut shortcut) {
    Block b = new Block(LayerNames.block(stage, block), stageNumber, block);
    List<BranchConvolution> branch = design.branch(stride, conventions.bottleneckStride());
    boolean pre = design.preActivation();
    String x = input;
    String shortcutInput = input;
    for (int i = 1; i <= branch.size(); i++) {
      boolean last = i == branch.size();
      if (pre) {
        x = sink.add(LayerNames.batchNorm(b.name, i), batchNorm(false), b.role(Part.BATCH_NORM, i),
            x);
        x = sink.add(LayerNames.relu(b.name, i), new LayerOp.Relu(), b.role(Part.RELU, i), x);
        if (i == 1 && shortcut != BlockShortcut.IDENTITY) {
          shortcutInput = x;
        }
      }
      x = sink.add(LayerNames.convolution(b.name, i), convolution(branch.get(i - 1)),
          b.role(Part.CONVOLUTION, i), x);
      if (!pre) {
        boolean zeroGamma =
            last && conventions.zeroInitResidual() && shortcut != BlockShortcut.NONE;
        x = sink.add(LayerNames.batchNorm(b.name, i), batchNorm(zeroGamma),
            b.role(Part.BATCH_NORM, i), x);
        if (!last) {
          x = sink.add(LayerNames.relu(b.name, i), new LayerOp.Relu(), b.role(Part.RELU, i), x);
        }
      }
    }
    if (design.squeezeExcitation() > 0) {
      x = squeezeExcitation(b, x, design.outputChannels(), design.squeezeChannels());
    }
    if (shortcut == BlockShortcut.NONE) {
      if (pre) {
        throw new IllegalArgumentException(b.name + ": a pre-activation block needs a shortcut");
      }
      return sink.add(b.name, new LayerOp.Relu(), b.role(Part.OUTPUT_RELU, 0), x);
    }
    String path = shortcut(b, shortcutInput, design.outputChannels(), stride, shortcut, pre);
    if (pre) {
      return sink.add(b.name, new LayerOp.Add(), b.role(Part.ADD, 0), x, path);
    }
    x = sink.add(LayerNames.add(b.name), new LayerOp.Add(), b.role(Part.ADD, 0), x, path);
    return sink.add(b.name, new LayerOp.Relu(), b.role(Part.OUTPUT_RELU, 0), x);
  }

  /**
   * The head on {@code input}: in a pre-activation network batch norm and ReLU, then the global
   * pool (unless NONE), dropout (when above 0) and the dense softmax layer.
   *
   * @return the output layer's name
   */
  public String head(String input, boolean preActivation, Pool pool, double dropout,
      int classes) {
    String x = input;
    if (preActivation) {
      x = sink.add(LayerNames.HEAD_BATCH_NORM, batchNorm(false),
          LayerRole.head(Part.BATCH_NORM), x);
      x = sink.add(LayerNames.HEAD_RELU, new LayerOp.Relu(), LayerRole.head(Part.RELU), x);
    }
    if (pool != Pool.NONE) {
      x = sink.add(LayerNames.HEAD_POOL, new LayerOp.GlobalPooling(pool),
          LayerRole.head(Part.GLOBAL_POOL), x);
    }
    if (dropout > 0) {
      x = sink.add(LayerNames.HEAD_DROPOUT, new LayerOp.Dropout(dropout),
          LayerRole.head(Part.DROPOUT), x);
    }
    return sink.add(LayerNames.OUTPUT, new LayerOp.DenseSoftmax(classes),
        LayerRole.head(Part.DENSE), x);
  }

  /** Hu et al.'s unit: the branch {@code x} times sigmoid(W2 relu(W1 mean(x) + b1) + b2). */
  private String squeezeExcitation(Block b, String x, int channels, int squeezed) {
    String gate = sink.add(LayerNames.squeezePool(b.name), new LayerOp.GlobalPooling(Pool.AVG),
        b.role(Part.SE_POOL, 0), x);
    gate = sink.add(LayerNames.squeezeReduce(b.name), new LayerOp.Convolution(squeezed, 1, 1, true),
        b.role(Part.SE_REDUCE, 0), gate);
    gate = sink.add(LayerNames.squeezeRelu(b.name), new LayerOp.Relu(), b.role(Part.SE_RELU, 0),
        gate);
    gate = sink.add(LayerNames.squeezeExpand(b.name), new LayerOp.Convolution(channels, 1, 1, true),
        b.role(Part.SE_EXPAND, 0), gate);
    gate = sink.add(LayerNames.squeezeGate(b.name), new LayerOp.Sigmoid(), b.role(Part.SE_GATE, 0),
        gate);
    return sink.add(LayerNames.squeezeScale(b.name), new LayerOp.ChannelScale(),
        b.role(Part.SE_SCALE, 0), x, gate);
  }

  /** The shortcut's path from {@code in} to the addition. */
  private String shortcut(Block b, String in, int channels, int stride, BlockShortcut shortcut,
      boolean pre) {
    return switch (shortcut) {
      case IDENTITY -> in;
      case ZERO_PAD -> sink.add(LayerNames.zeroPadShortcut(b.name),
          new LayerOp.ZeroPadShortcut(channels, stride), b.role(Part.ZERO_PAD_SHORTCUT, 0), in);
      case PROJECTION -> projection(b, in, channels, stride, pre);
      case AVG_PROJECTION -> {
        String pooled = stride == 1 ? in : sink.add(LayerNames.shortcutPool(b.name),
            new LayerOp.CeilAveragePooling(AVG_SHORTCUT_KERNEL, stride),
            b.role(Part.SHORTCUT_POOL, 0), in);
        yield projection(b, pooled, channels, 1, pre);
      }
      case NONE -> throw new AssertionError(shortcut);
    };
  }

  /** A 1x1 convolution, and batch norm unless the block is pre-activation. */
  private String projection(Block b, String in, int channels, int stride, boolean pre) {
    String x = sink.add(LayerNames.shortcutConvolution(b.name),
        convolution(new BranchConvolution(1, channels, stride)),
        b.role(Part.SHORTCUT_CONVOLUTION, 0), in);
    return pre ? x : sink.add(LayerNames.shortcutBatchNorm(b.name), batchNorm(false),
        b.role(Part.SHORTCUT_BATCH_NORM, 0), x);
  }

  private LayerOp.Convolution convolution(BranchConvolution conv) {
    return new LayerOp.Convolution(conv.channels(), conv.kernel(), conv.stride(),
        conventions.convBias(), conv.groups());
  }

  private LayerOp.BatchNorm batchNorm(boolean zeroGamma) {
    return new LayerOp.BatchNorm(
        conventions.batchNormEpsilon(), conventions.batchNormDecay(), zeroGamma);
  }

  /** A block's name and place. */
  private record Block(String name, int stage, int block) {
    LayerRole role(Part part, int index) {
      return LayerRole.block(stage, block, part, index);
    }
  }
}
