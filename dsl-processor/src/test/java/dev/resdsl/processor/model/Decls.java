package dev.resdsl.processor.model;

import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.Shortcut;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.processor.model.NetworkDecl.HeadDecl;
import dev.resdsl.processor.model.NetworkDecl.InputDecl;
import dev.resdsl.processor.model.NetworkDecl.StageDecl;
import dev.resdsl.processor.model.NetworkDecl.StemDecl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link NetworkDecl} records for tests that need no compiler, with the annotations'
 * defaults: no stem, the default head and conventions, unchecked parameters, not strict.
 */
public final class Decls {
  private String className = "Net";
  private InputDecl input;
  private int classes;
  private long expectParameters = -1;
  private boolean strict;
  private Optional<StemDecl> stem = Optional.empty();
  private final List<StageDecl> stages = new ArrayList<>();
  private HeadDecl head = new HeadDecl(Pool.AVG, 0.0);
  private LayerConventions conventions =
      new LayerConventions(false, 1e-5, 0.9, StridePlacement.FIRST, false);

  private Decls(InputDecl input, int classes) {
    this.input = input;
    this.classes = classes;
  }

  /** A network on {@code channels x height x width} images with {@code classes} classes. */
  public static Decls network(int channels, int height, int width, int classes) {
    return new Decls(new InputDecl(channels, height, width), classes);
  }

  public Decls named(String name) {
    this.className = name;
    return this;
  }

  public Decls expectParameters(long count) {
    this.expectParameters = count;
    return this;
  }

  public Decls strict(boolean strict) {
    this.strict = strict;
    return this;
  }

  public Decls stem(int filters, int kernel, int stride, Pool pool) {
    this.stem = Optional.of(new StemDecl(filters, kernel, stride, pool));
    return this;
  }

  /** A deep stem, or not. */
  public Decls stem(int filters, int kernel, int stride, Pool pool, boolean deep) {
    this.stem = Optional.of(new StemDecl(filters, kernel, stride, pool, deep));
    return this;
  }

  /** The last stage with these groups, width per group and squeeze-and-excitation ratio. */
  public Decls design(int groups, int widthPerGroup, int squeezeExcitation) {
    StageDecl s = stages.remove(stages.size() - 1);
    stages.add(new StageDecl(s.index(), s.name(), s.blocks(), s.filters(), s.stride(),
        s.shortcut(), s.block(), s.expect(), groups, widthPerGroup, squeezeExcitation));
    return this;
  }

  /** A stage with the default name ({@code stage1}, ...) and no expectation. */
  public Decls stage(int blocks, int filters, int stride, Shortcut shortcut, Block block) {
    return stage("stage" + (stages.size() + 1), blocks, filters, stride, shortcut, block, "");
  }

  public Decls stage(String name, int blocks, int filters, int stride, Shortcut shortcut,
      Block block, String expect) {
    stages.add(new StageDecl(stages.size(), name, blocks, filters, stride, shortcut, block,
        expect));
    return this;
  }

  public Decls head(Pool pool, double dropout) {
    this.head = new HeadDecl(pool, dropout);
    return this;
  }

  public Decls conventions(boolean convBias, double epsilon, double decay,
      StridePlacement bottleneckStride, boolean zeroInitResidual) {
    this.conventions =
        new LayerConventions(convBias, epsilon, decay, bottleneckStride, zeroInitResidual);
    return this;
  }

  public Decls bottleneckStride(StridePlacement placement) {
    return conventions(conventions.convBias(), conventions.batchNormEpsilon(),
        conventions.batchNormDecay(), placement, conventions.zeroInitResidual());
  }

  public NetworkDecl build() {
    return new NetworkDecl("p", className + "Spec", className, input, classes, expectParameters,
        strict, stem, stages, head, conventions);
  }

  /** The paper's CIFAR-10 network of depth 6n + 2 with option A shortcuts. */
  public static Decls cifar(int n) {
    return network(3, 32, 32, 10)
        .named("ResNet" + (6 * n + 2))
        .stem(16, 3, 1, Pool.NONE)
        .stage(n, 16, 1, Shortcut.ZERO_PAD, Block.BASIC)
        .stage(n, 32, 2, Shortcut.ZERO_PAD, Block.BASIC)
        .stage(n, 64, 2, Shortcut.ZERO_PAD, Block.BASIC);
  }

  /** A torchvision ImageNet ResNet: 7x7/2 stem with max pool, option B, four stages. */
  public static Decls torchvision(Block block, StridePlacement placement, int... blocks) {
    return network(3, 224, 224, 1000)
        .stem(64, 7, 2, Pool.MAX)
        .stage("conv2", blocks[0], 64, 1, Shortcut.PROJECTION, block, "")
        .stage("conv3", blocks[1], 128, 2, Shortcut.PROJECTION, block, "")
        .stage("conv4", blocks[2], 256, 2, Shortcut.PROJECTION, block, "")
        .stage("conv5", blocks[3], 512, 2, Shortcut.PROJECTION, block, "")
        .bottleneckStride(placement);
  }
}
