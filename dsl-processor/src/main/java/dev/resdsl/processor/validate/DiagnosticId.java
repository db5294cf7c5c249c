package dev.resdsl.processor.validate;

/**
 * The stable identifier of each kind of diagnostic the processor prints, at the start of the
 * message: {@code [ResDSL:IdentityAcrossChange] stage2: shortcut IDENTITY cannot join ...}.
 *
 * <p>Build logs, bug reports and tests match the ID, not the wording, which may improve. An ID is
 * part of the public surface: never rename or reuse one; retire it and add another. The IDs are
 * spelled out rather than derived from the constants so that searching the sources for an ID seen
 * in a build log finds its constant here.
 */
public enum DiagnosticId {
  /** A size, count or stride below 1. */
  NOT_POSITIVE("NotPositive"),
  /** {@code @Network classes = 1}: a softmax over one class. */
  TOO_FEW_CLASSES("TooFewClasses"),
  /** An even stem kernel, which has no symmetric padding. */
  EVEN_KERNEL("EvenKernel"),
  /** A stage name that is no Java identifier. */
  STAGE_NAME_NOT_IDENTIFIER("StageNameNotIdentifier"),
  /** A stage named like the stem's {@code Stage} constant. */
  RESERVED_STAGE_NAME("ReservedStageName"),
  /** Two stages whose {@code Stage} constants would be the same. */
  REPEATED_STAGE_NAME("RepeatedStageName"),
  /** A generated class name that is no Java identifier. */
  CLASS_NAME_NOT_IDENTIFIER("ClassNameNotIdentifier"),
  /** {@code expectParameters} below -1. */
  INVALID_EXPECT_PARAMETERS("InvalidExpectParameters"),
  /** A dropout probability outside [0, 1). */
  DROPOUT_OUT_OF_RANGE("DropoutOutOfRange"),
  /** A batch-norm epsilon that is not positive and finite. */
  EPSILON_NOT_POSITIVE("EpsilonNotPositive"),
  /** A batch-norm decay outside [0, 1). */
  DECAY_OUT_OF_RANGE("DecayOutOfRange"),
  /** An IDENTITY shortcut where a block changes the shape. */
  IDENTITY_ACROSS_CHANGE("IdentityAcrossChange"),
  /** A ZERO_PAD shortcut where a block reduces the channels. */
  ZERO_PAD_SHRINKS("ZeroPadShrinks"),
  /** An {@code expect} that is no {@code CxHxW} shape. */
  MALFORMED_EXPECT("MalformedExpect"),
  /** A stage whose output is not its {@code expect}. */
  EXPECT_MISMATCH("ExpectMismatch"),
  /** A network whose parameter count is not its {@code expectParameters}. */
  PARAMETER_MISMATCH("ParameterMismatch"),
  /** A stride that does not divide the size it applies to: an error if strict, else a warning. */
  STRIDE_DOES_NOT_DIVIDE("StrideDoesNotDivide"),
  /** {@code groups} or {@code widthPerGroup} other than the defaults on a basic block. */
  GROUPS_ON_BASIC_BLOCK("GroupsOnBasicBlock"),
  /** A bottleneck whose inner width, {@code filters * widthPerGroup / 64 * groups}, is not 1 to 2^31 - 1. */
  INNER_WIDTH_OUT_OF_RANGE("InnerWidthOutOfRange"),
  /** A negative {@code squeezeExcitation}. */
  NEGATIVE_SQUEEZE_RATIO("NegativeSqueezeRatio"),
  /** A squeeze-and-excitation ratio that does not divide the block's output channels. */
  SQUEEZE_RATIO_DOES_NOT_DIVIDE("SqueezeRatioDoesNotDivide"),
  /** Pre-activation stages mixed with post-activation ones (on the first stage that differs). */
  MIXED_ACTIVATION("MixedActivation"),
  /** A pre-activation stage with {@code shortcut = NONE}. */
  PRE_ACTIVATION_WITHOUT_SHORTCUT("PreActivationWithoutShortcut"),
  /** {@code zeroInitResidual} in a network of pre-activation blocks, whose branches end in no batch norm. */
  ZERO_INIT_PRE_ACTIVATION("ZeroInitPreActivation"),
  /** A deep stem of fewer than two filters, which it cannot halve. */
  DEEP_STEM_TOO_NARROW("DeepStemTooNarrow"),
  /** A warning: AVG_PROJECTION on a stage where no block changes the shape, so nothing projects. */
  AVG_PROJECTION_UNUSED("AvgProjectionUnused"),
  /** A stem, stage, head or conventions annotation on a type without {@code @Network}. */
  ORPHAN_ANNOTATION("OrphanAnnotation"),
  /** A spec without stages. */
  NO_STAGES("NoStages"),
  /** {@code @Network} on a type that is not an interface or abstract class. */
  SPEC_NOT_ABSTRACT("SpecNotAbstract"),
  /** A generated class name that another type has. */
  NAME_CLASH("NameClash"),
  /** The generated source could not be written. */
  CANNOT_WRITE("CannotWrite"),
  /** An unexpected exception in the processor: a bug in ResDSL. */
  INTERNAL_ERROR("InternalError");

  private final String id;

  DiagnosticId(String id) {
    this.id = id;
  }

  /** The ID, such as {@code IdentityAcrossChange}. */
  public String id() {
    return id;
  }

  /** The ID as messages begin with it: {@code [ResDSL:IdentityAcrossChange]}. */
  public String tag() {
    return "[ResDSL:" + id + "]";
  }
}
