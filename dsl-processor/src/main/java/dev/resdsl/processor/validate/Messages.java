package dev.resdsl.processor.validate;

import dev.resdsl.runtime.Shape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

/**
 * The catalogue of the processor's messages, each with its {@link DiagnosticId}. A message names
 * the problem, the shapes or values on both sides, and the fix, on one line. Tests match the ID;
 * {@code MessagesTest} alone asserts each message's full text.
 */
public final class Messages {
  private Messages() {}

  static Message notPositive(String what, long value, String fix) {
    return new Message(DiagnosticId.NOT_POSITIVE,
        what + " must be positive, was " + value + ": " + fix);
  }

  static Message tooFewClasses(int classes) {
    return new Message(DiagnosticId.TOO_FEW_CLASSES,
        "@Network classes must be at least 2 for a softmax output, was "
            + classes
            + ": a softmax over one class is always 1; declare two or more classes");
  }

  static Message evenKernel(int kernel) {
    return new Message(DiagnosticId.EVEN_KERNEL,
        "@Stem kernel must be odd for symmetric padding, was "
            + kernel
            + ": use kernel = "
            + (kernel + 1)
            + " or "
            + Math.max(1, kernel - 1));
  }

  static Message notIdentifier(String stage, String name) {
    return new Message(DiagnosticId.STAGE_NAME_NOT_IDENTIFIER,
        stage
            + ": name \""
            + name
            + "\" is not a Java identifier: use letters, digits and underscores, not starting with"
            + " a digit");
  }

  static Message reservedStageName(String stage, String name) {
    return new Message(DiagnosticId.RESERVED_STAGE_NAME,
        stage + ": name \"" + name + "\" is reserved for the stem: choose another stage name");
  }

  static Message repeatedStageName(String name, String first, int firstIndex) {
    return new Message(DiagnosticId.REPEATED_STAGE_NAME,
        "stage name \""
            + name
            + "\" repeats \""
            + first
            + "\" of stage "
            + (firstIndex + 1)
            + " (names are compared upper-cased, as the Stage constants): give each stage its own"
            + " name");
  }

  static Message badClassName(String name) {
    return new Message(DiagnosticId.CLASS_NAME_NOT_IDENTIFIER,
        "@Network name \"" + name
            + "\" is not a Java identifier: name the class like \"ResNet20\"");
  }

  static Message badExpectParameters(long value) {
    return new Message(DiagnosticId.INVALID_EXPECT_PARAMETERS,
        "@Network expectParameters must be a count or -1 (unchecked), was "
            + value
            + ": pin the count the compiler reports, or remove expectParameters");
  }

  static Message badDropout(double dropout) {
    return new Message(DiagnosticId.DROPOUT_OUT_OF_RANGE,
        "@Head dropout must be in [0, 1), was "
            + dropout
            + ": use a probability such as 0.2, or 0 for no dropout");
  }

  static Message badEpsilon(double epsilon) {
    return new Message(DiagnosticId.EPSILON_NOT_POSITIVE,
        "@Conventions batchNormEpsilon must be positive, was " + epsilon + ": use 1e-5");
  }

  static Message badDecay(double decay) {
    return new Message(DiagnosticId.DECAY_OUT_OF_RANGE,
        "@Conventions batchNormDecay must be in [0, 1), was " + decay + ": use 0.9");
  }

  static Message identityAcrossChange(String stage, Shape in, Shape out, String path) {
    return new Message(DiagnosticId.IDENTITY_ACROSS_CHANGE,
        stage
            + ": shortcut IDENTITY cannot join "
            + in
            + " to "
            + out
            + " ("
            + path
            + "): use shortcut = ZERO_PAD or PROJECTION");
  }

  static Message zeroPadShrinks(String stage, Shape in, Shape out, String path) {
    return new Message(DiagnosticId.ZERO_PAD_SHRINKS,
        stage
            + ": shortcut ZERO_PAD cannot shrink channels from "
            + in.channels()
            + " to "
            + out.channels()
            + " ("
            + path
            + "): use shortcut = PROJECTION");
  }

  static Message malformedExpect(String stage, String expect) {
    return new Message(DiagnosticId.MALFORMED_EXPECT,
        stage
            + ": expect \""
            + expect
            + "\" is not a shape CxHxW of positive integers: write it like \"64x8x8\"");
  }

  static Message expectMismatch(String stage, String expect, Shape actual, String path) {
    return new Message(DiagnosticId.EXPECT_MISMATCH,
        stage
            + " outputs "
            + actual
            + ", not the expected "
            + expect
            + " ("
            + path
            + "): fix the stage or write expect = \""
            + actual
            + "\"");
  }

  static Message parameterMismatch(String network, long actual, long expected) {
    return new Message(DiagnosticId.PARAMETER_MISMATCH,
        network
            + " has "
            + grouped(actual)
            + " trainable parameters, not the expected "
            + grouped(expected)
            + " (difference "
            + grouped(actual - expected)
            + "): fix the network or write expectParameters = "
            + underscored(actual));
  }

  static Message strideDoesNotDivide(
      String where, int stride, Shape in, Shape out, String path, boolean strict) {
    return new Message(DiagnosticId.STRIDE_DOES_NOT_DIVIDE,
        where
            + ": stride "
            + stride
            + " does not divide "
            + in.height()
            + "x"
            + in.width()
            + "; the output is rounded up to "
            + out.height()
            + "x"
            + out.width()
            + " ("
            + path
            + "): "
            + (strict
                ? "use an input whose size the strides divide, or strict = false to allow rounding"
                : "use an input whose size the strides divide, or strict = true to make this an"
                    + " error"));
  }

  static Message groupsOnBasicBlock(String stage, String attribute, int value, int standard,
      String block) {
    return new Message(DiagnosticId.GROUPS_ON_BASIC_BLOCK,
        stage
            + ": "
            + attribute
            + " = "
            + value
            + " needs a bottleneck, but the stage has "
            + block
            + " blocks, whose 3x3 convolutions are not grouped: use block = BOTTLENECK, or remove "
            + attribute
            + " (the default is "
            + standard
            + ")");
  }

  static Message innerWidthOutOfRange(String stage, int filters, int widthPerGroup, int groups,
      long inner) {
    return new Message(DiagnosticId.INNER_WIDTH_OUT_OF_RANGE,
        stage
            + ": the bottleneck's inner width filters * widthPerGroup / 64 * groups = "
            + filters
            + " * "
            + widthPerGroup
            + " / 64 * "
            + groups
            + " = "
            + inner
            + " is not a channel count from 1 to "
            + Integer.MAX_VALUE
            + (inner < 1
                ? ": use a widthPerGroup of at least " + ceilDiv(64, filters)
                : ": use fewer groups or a smaller widthPerGroup"));
  }

  static Message negativeSqueezeRatio(String stage, int ratio) {
    return new Message(DiagnosticId.NEGATIVE_SQUEEZE_RATIO,
        stage
            + ": squeezeExcitation must be 0 (none) or a reduction ratio, was "
            + ratio
            + ": use 16, as Hu et al. do, or 0");
  }

  static Message squeezeRatioDoesNotDivide(String stage, int ratio, int channels) {
    return new Message(DiagnosticId.SQUEEZE_RATIO_DOES_NOT_DIVIDE,
        stage
            + ": squeezeExcitation = "
            + ratio
            + " does not divide the blocks' "
            + channels
            + " output channels into whole channels, at least one ("
            + channels
            + " / "
            + ratio
            + "): use a ratio that divides "
            + channels
            + ", such as "
            + largestDivisorUpTo(channels, ratio));
  }

  static Message mixedActivation(String stage, String block, String first, String firstBlock) {
    return new Message(DiagnosticId.MIXED_ACTIVATION,
        stage
            + ": "
            + block
            + " blocks cannot follow "
            + firstBlock
            + " blocks of "
            + first
            + ": a network's stages are all pre-activation (PREACT_BASIC, PREACT_BOTTLENECK) or"
            + " none; use block = "
            + (block.startsWith("PREACT_") ? block.substring("PREACT_".length()) : "PREACT_" + block));
  }

  static Message preActivationWithoutShortcut(String stage, String block) {
    return new Message(DiagnosticId.PRE_ACTIVATION_WITHOUT_SHORTCUT,
        stage
            + ": shortcut NONE with "
            + block
            + " blocks: a pre-activation unit ends in its addition and has no plain form; use"
            + " shortcut = PROJECTION, or a post-activation block for a plain network");
  }

  static Message zeroInitPreActivation() {
    return new Message(DiagnosticId.ZERO_INIT_PRE_ACTIVATION,
        "@Conventions zeroInitResidual zeroes the batch norm that ends each residual branch, but"
            + " pre-activation branches end in a convolution: remove zeroInitResidual");
  }

  static Message deepStemTooNarrow(int filters) {
    return new Message(DiagnosticId.DEEP_STEM_TOO_NARROW,
        "@Stem deep = true needs at least 2 filters to halve into its first two convolutions,"
            + " has "
            + filters
            + ": use filters = 2 or more, such as 64 (32, 32, 64), or deep = false");
  }

  static Message avgProjectionUnused(String stage, Shape shape) {
    return new Message(DiagnosticId.AVG_PROJECTION_UNUSED,
        stage
            + ": shortcut AVG_PROJECTION projects nothing: no block of the stage changes its"
            + " shape, "
            + shape
            + ", so every shortcut is an identity; use shortcut = PROJECTION, which says the same,"
            + " or stride = 2 for a ResNet-D downsampling stage");
  }

  /** The message for a stage, stem, head or conventions annotation on a type without @Network. */
  public static Message orphan(String annotation, String type) {
    return new Message(DiagnosticId.ORPHAN_ANNOTATION,
        "@"
            + annotation
            + " on "
            + type
            + " has no @Network: add @Network(input = @Input(...), classes = ...) to "
            + type
            + " or remove @"
            + annotation);
  }

  /** The message for a spec without stages. */
  public static Message noStages(String type) {
    return new Message(DiagnosticId.NO_STAGES,
        type
            + " declares no @ResidualStage: add at least one, such as @ResidualStage(blocks = 2,"
            + " filters = 64)");
  }

  /** The message for @Network on a type that is not an interface or abstract class. */
  public static Message notAbstract(String type, String kind) {
    return new Message(DiagnosticId.SPEC_NOT_ABSTRACT,
        "@Network must be on an interface or abstract class, but "
            + type
            + " is "
            + kind
            + ": declare it as an interface");
  }

  /** The message for a generated name that is taken. */
  public static Message nameClash(String qualifiedName) {
    return new Message(DiagnosticId.NAME_CLASH,
        "cannot generate "
            + qualifiedName
            + ": a type of that name exists already; choose another with @Network(name = \"...\")");
  }

  /**
   * The message for an unexpected failure of the processor on a spec: one line, then the stack
   * trace, which a bug report needs and which javac would otherwise never show.
   */
  public static Message internalError(String type, Throwable cause) {
    StringWriter trace = new StringWriter();
    cause.printStackTrace(new PrintWriter(trace));
    return new Message(DiagnosticId.INTERNAL_ERROR,
        "ResDSL could not process "
            + type
            + " ("
            + cause
            + "); this is a bug in ResDSL, please report it with the spec and this stack trace:\n"
            // One line separator throughout, whatever the platform's, so the text is predictable.
            + trace.toString().replace(System.lineSeparator(), "\n").stripTrailing());
  }

  /** The message for a generated source that could not be written. */
  public static Message cannotWrite(String className, Exception cause) {
    return new Message(DiagnosticId.CANNOT_WRITE,
        "cannot write " + className + ": " + cause.getMessage());
  }

  private static int ceilDiv(int n, int d) {
    return (n + d - 1) / d;
  }

  /** The largest divisor of {@code n} not above {@code limit}, at least 1. */
  private static int largestDivisorUpTo(int n, int limit) {
    for (int d = Math.min(n, Math.max(1, limit)); d > 1; d--) {
      if (n % d == 0) {
        return d;
      }
    }
    return 1;
  }

  /** {@code 25,557,032}. */
  static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 25_557_032}, as a Java literal. */
  static String underscored(long n) {
    return grouped(n).replace(',', '_');
  }
}
