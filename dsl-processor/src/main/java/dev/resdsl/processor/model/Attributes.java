package dev.resdsl.processor.model;

/**
 * The attributes of ResDSL's annotations, one enum per annotation, named after it: the only place
 * the processor spells their method names. Extraction reads values through these constants and
 * validation ties findings to them ({@link Site}), so that renaming an annotation method fails a
 * test ({@code AttributesTest}) instead of silently moving diagnostics to a coarser position.
 */
public final class Attributes {
  private Attributes() {}

  /** A method of one of ResDSL's annotations. */
  public sealed interface Attribute
      permits Network, Input, Stem, ResidualStage, ResidualStages, Head, Conventions {
    /** The method's name, as a source writes it before {@code =}. */
    String methodName();
  }

  /** The attributes of {@code @Network}. */
  public enum Network implements Attribute {
    INPUT("input"),
    CLASSES("classes"),
    NAME("name"),
    EXPECT_PARAMETERS("expectParameters"),
    STRICT("strict");

    private final String methodName;

    Network(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }

  /** The attributes of {@code @Input}. */
  public enum Input implements Attribute {
    CHANNELS("channels"),
    HEIGHT("height"),
    WIDTH("width");

    private final String methodName;

    Input(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }

  /** The attributes of {@code @Stem}. */
  public enum Stem implements Attribute {
    FILTERS("filters"),
    KERNEL("kernel"),
    STRIDE("stride"),
    POOL("pool"),
    DEEP("deep");

    private final String methodName;

    Stem(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }

  /** The attributes of {@code @ResidualStage}. */
  public enum ResidualStage implements Attribute {
    BLOCKS("blocks"),
    FILTERS("filters"),
    STRIDE("stride"),
    SHORTCUT("shortcut"),
    BLOCK("block"),
    NAME("name"),
    EXPECT("expect"),
    GROUPS("groups"),
    WIDTH_PER_GROUP("widthPerGroup"),
    SQUEEZE_EXCITATION("squeezeExcitation");

    private final String methodName;

    ResidualStage(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }

  /** The attribute of the {@code @ResidualStages} container. */
  public enum ResidualStages implements Attribute {
    VALUE("value");

    private final String methodName;

    ResidualStages(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }

  /** The attributes of {@code @Head}. */
  public enum Head implements Attribute {
    POOL("pool"),
    DROPOUT("dropout");

    private final String methodName;

    Head(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }

  /** The attributes of {@code @Conventions}. */
  public enum Conventions implements Attribute {
    CONV_BIAS("convBias"),
    BATCH_NORM_EPSILON("batchNormEpsilon"),
    BATCH_NORM_DECAY("batchNormDecay"),
    BOTTLENECK_STRIDE("bottleneckStride"),
    ZERO_INIT_RESIDUAL("zeroInitResidual");

    private final String methodName;

    Conventions(String methodName) {
      this.methodName = methodName;
    }

    @Override
    public String methodName() {
      return methodName;
    }
  }
}
