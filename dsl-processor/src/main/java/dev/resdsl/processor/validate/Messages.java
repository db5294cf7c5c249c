package dev.resdsl.processor.validate;

import dev.resdsl.runtime.Shape;
import java.util.Locale;

/**
 * The catalogue of the processor's messages. Each names the problem, the shapes or values on
 * both sides, and the fix, on one line; tests assert them through these methods' wording.
 */
public final class Messages {
  private Messages() {}

  static String notPositive(String what, long value, String fix) {
    return what + " must be positive, was " + value + ": " + fix;
  }

  static String tooFewClasses(int classes) {
    return "@Network classes must be at least 2 for a softmax output, was "
        + classes
        + ": a softmax over one class is always 1; declare two or more classes";
  }

  static String evenKernel(int kernel) {
    return "@Stem kernel must be odd for symmetric padding, was "
        + kernel
        + ": use kernel = "
        + (kernel + 1)
        + " or "
        + Math.max(1, kernel - 1);
  }

  static String notIdentifier(String stage, String name) {
    return stage
        + ": name \""
        + name
        + "\" is not a Java identifier: use letters, digits and underscores, not starting with a"
        + " digit";
  }

  static String reservedStageName(String stage, String name) {
    return stage + ": name \"" + name + "\" is reserved for the stem: choose another stage name";
  }

  static String repeatedStageName(String name, String first, int firstIndex) {
    return "stage name \""
        + name
        + "\" repeats \""
        + first
        + "\" of stage "
        + (firstIndex + 1)
        + " (names are compared upper-cased, as the Stage constants): give each stage its own name";
  }

  static String badClassName(String name) {
    return "@Network name \"" + name + "\" is not a Java identifier: name the class like \"ResNet20\"";
  }

  static String badExpectParameters(long value) {
    return "@Network expectParameters must be a count or -1 (unchecked), was "
        + value
        + ": pin the count the compiler reports, or remove expectParameters";
  }

  static String badDropout(double dropout) {
    return "@Head dropout must be in [0, 1), was "
        + dropout
        + ": use a probability such as 0.2, or 0 for no dropout";
  }

  static String badEpsilon(double epsilon) {
    return "@Conventions batchNormEpsilon must be positive, was " + epsilon + ": use 1e-5";
  }

  static String badDecay(double decay) {
    return "@Conventions batchNormDecay must be in [0, 1), was " + decay + ": use 0.9";
  }

  static String identityAcrossChange(String stage, Shape in, Shape out, String path) {
    return stage
        + ": shortcut IDENTITY cannot join "
        + in
        + " to "
        + out
        + " ("
        + path
        + "): use shortcut = ZERO_PAD or PROJECTION";
  }

  static String zeroPadShrinks(String stage, Shape in, Shape out, String path) {
    return stage
        + ": shortcut ZERO_PAD cannot shrink channels from "
        + in.channels()
        + " to "
        + out.channels()
        + " ("
        + path
        + "): use shortcut = PROJECTION";
  }

  static String malformedExpect(String stage, String expect) {
    return stage
        + ": expect \""
        + expect
        + "\" is not a shape CxHxW of positive integers: write it like \"64x8x8\"";
  }

  static String expectMismatch(String stage, String expect, Shape actual, String path) {
    return stage
        + " outputs "
        + actual
        + ", not the expected "
        + expect
        + " ("
        + path
        + "): fix the stage or write expect = \""
        + actual
        + "\"";
  }

  static String parameterMismatch(String network, long actual, long expected) {
    return network
        + " has "
        + grouped(actual)
        + " trainable parameters, not the expected "
        + grouped(expected)
        + " (difference "
        + grouped(actual - expected)
        + "): fix the network or write expectParameters = "
        + underscored(actual);
  }

  static String strideDoesNotDivide(
      String where, int stride, Shape in, Shape out, String path, boolean strict) {
    return where
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
            : "use an input whose size the strides divide, or strict = true to make this an error");
  }

  /** The message for a stage, stem, head or conventions annotation on a type without @Network. */
  public static String orphan(String annotation, String type) {
    return "@"
        + annotation
        + " on "
        + type
        + " has no @Network: add @Network(input = @Input(...), classes = ...) to "
        + type
        + " or remove @"
        + annotation;
  }

  /** The message for a spec without stages. */
  public static String noStages(String type) {
    return type
        + " declares no @ResidualStage: add at least one, such as @ResidualStage(blocks = 2,"
        + " filters = 64)";
  }

  /** The message for @Network on a type that is not an interface or abstract class. */
  public static String notAbstract(String type, String kind) {
    return "@Network must be on an interface or abstract class, but "
        + type
        + " is "
        + kind
        + ": declare it as an interface";
  }

  /** The message for a generated name that is taken. */
  public static String nameClash(String qualifiedName) {
    return "cannot generate "
        + qualifiedName
        + ": a type of that name exists already; choose another with @Network(name = \"...\")";
  }

  /** The message for an unexpected failure of the processor on a spec. */
  public static String internalError(String type, Throwable cause) {
    return "ResDSL could not process "
        + type
        + " ("
        + cause
        + "); this is a bug in ResDSL, please report it with the spec";
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
