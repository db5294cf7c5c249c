package dev.resdsl.processor.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The full text of every message of the catalogue, once, as the compiler prints it. Every other
 * test matches a message by its {@link DiagnosticId}, so rewording a message changes this table
 * and nothing else.
 */
class MessagesTest {
  private static final Shape S16 = new Shape(16, 32, 32);
  private static final Shape S32 = new Shape(32, 16, 16);

  /** An example of a message and its printed text. */
  record Example(Message message, String printed) {
    @Override
    public String toString() {
      return message.id().id();
    }
  }

  static List<Example> examples() {
    return List.of(
        new Example(Messages.notPositive("@Input channels", 0,
                "declare the image's channels, 3 for RGB"),
            "[ResDSL:NotPositive] @Input channels must be positive, was 0: declare the image's"
                + " channels, 3 for RGB"),
        new Example(Messages.tooFewClasses(1),
            "[ResDSL:TooFewClasses] @Network classes must be at least 2 for a softmax output, was"
                + " 1: a softmax over one class is always 1; declare two or more classes"),
        new Example(Messages.evenKernel(4),
            "[ResDSL:EvenKernel] @Stem kernel must be odd for symmetric padding, was 4: use"
                + " kernel = 5 or 3"),
        new Example(Messages.notIdentifier("stage 2", "conv-3"),
            "[ResDSL:StageNameNotIdentifier] stage 2: name \"conv-3\" is not a Java identifier:"
                + " use letters, digits and underscores, not starting with a digit"),
        new Example(Messages.reservedStageName("stage 2", "Stem"),
            "[ResDSL:ReservedStageName] stage 2: name \"Stem\" is reserved for the stem: choose"
                + " another stage name"),
        new Example(Messages.repeatedStageName("CONV2", "conv2", 0),
            "[ResDSL:RepeatedStageName] stage name \"CONV2\" repeats \"conv2\" of stage 1 (names"
                + " are compared upper-cased, as the Stage constants): give each stage its own"
                + " name"),
        new Example(Messages.badClassName("My Net"),
            "[ResDSL:ClassNameNotIdentifier] @Network name \"My Net\" is not a Java identifier:"
                + " name the class like \"ResNet20\""),
        new Example(Messages.badExpectParameters(-2),
            "[ResDSL:InvalidExpectParameters] @Network expectParameters must be a count or -1"
                + " (unchecked), was -2: pin the count the compiler reports, or remove"
                + " expectParameters"),
        new Example(Messages.badDropout(1.0),
            "[ResDSL:DropoutOutOfRange] @Head dropout must be in [0, 1), was 1.0: use a"
                + " probability such as 0.2, or 0 for no dropout"),
        new Example(Messages.badEpsilon(0.0),
            "[ResDSL:EpsilonNotPositive] @Conventions batchNormEpsilon must be positive, was 0.0:"
                + " use 1e-5"),
        new Example(Messages.badDecay(1.0),
            "[ResDSL:DecayOutOfRange] @Conventions batchNormDecay must be in [0, 1), was 1.0: use"
                + " 0.9"),
        new Example(Messages.identityAcrossChange("stage2", S16, S32,
                "input 3x32x32 -> stem 16x32x32 -> stage1 16x32x32 -> stage2 32x16x16"),
            "[ResDSL:IdentityAcrossChange] stage2: shortcut IDENTITY cannot join 16x32x32 to"
                + " 32x16x16 (input 3x32x32 -> stem 16x32x32 -> stage1 16x32x32 -> stage2"
                + " 32x16x16): use shortcut = ZERO_PAD or PROJECTION"),
        new Example(Messages.zeroPadShrinks("narrow", new Shape(64, 32, 32), S32,
                "input 3x32x32 -> stem 64x32x32 -> narrow 32x16x16"),
            "[ResDSL:ZeroPadShrinks] narrow: shortcut ZERO_PAD cannot shrink channels from 64 to"
                + " 32 (input 3x32x32 -> stem 64x32x32 -> narrow 32x16x16): use shortcut ="
                + " PROJECTION"),
        new Example(Messages.malformedExpect("stage1", "16 by 32 by 32"),
            "[ResDSL:MalformedExpect] stage1: expect \"16 by 32 by 32\" is not a shape CxHxW of"
                + " positive integers: write it like \"64x8x8\""),
        new Example(Messages.expectMismatch("stage3", "64x16x16", new Shape(64, 8, 8),
                "input 3x32x32 -> stage1 16x32x32 -> stage2 32x16x16 -> stage3 64x8x8"),
            "[ResDSL:ExpectMismatch] stage3 outputs 64x8x8, not the expected 64x16x16 (input"
                + " 3x32x32 -> stage1 16x32x32 -> stage2 32x16x16 -> stage3 64x8x8): fix the"
                + " stage or write expect = \"64x8x8\""),
        new Example(Messages.parameterMismatch("ResNet20", 269_722, 270_000),
            "[ResDSL:ParameterMismatch] ResNet20 has 269,722 trainable parameters, not the"
                + " expected 270,000 (difference -278): fix the network or write expectParameters"
                + " = 269_722"),
        new Example(Messages.strideDoesNotDivide("stage1", 2, new Shape(3, 7, 7),
                new Shape(8, 4, 4), "input 3x7x7 -> stage1 8x4x4", true),
            "[ResDSL:StrideDoesNotDivide] stage1: stride 2 does not divide 7x7; the output is"
                + " rounded up to 4x4 (input 3x7x7 -> stage1 8x4x4): use an input whose size the"
                + " strides divide, or strict = false to allow rounding"),
        new Example(Messages.strideDoesNotDivide("stem pool", 2, new Shape(8, 15, 15),
                new Shape(8, 8, 8), "input 3x30x30 -> stem 8x8x8", false),
            "[ResDSL:StrideDoesNotDivide] stem pool: stride 2 does not divide 15x15; the output"
                + " is rounded up to 8x8 (input 3x30x30 -> stem 8x8x8): use an input whose size"
                + " the strides divide, or strict = true to make this an error"),
        new Example(Messages.groupsOnBasicBlock("conv2", "groups", 32, 1, "BASIC"),
            "[ResDSL:GroupsOnBasicBlock] conv2: groups = 32 needs a bottleneck, but the stage has"
                + " BASIC blocks, whose 3x3 convolutions are not grouped: use block = BOTTLENECK,"
                + " or remove groups (the default is 1)"),
        new Example(Messages.innerWidthOutOfRange("conv2", 8, 4, 32, 0),
            "[ResDSL:InnerWidthOutOfRange] conv2: the bottleneck's inner width filters *"
                + " widthPerGroup / 64 * groups = 8 * 4 / 64 * 32 = 0 is not a channel count from"
                + " 1 to 2147483647: use a widthPerGroup of at least 8"),
        new Example(Messages.negativeSqueezeRatio("conv3", -16),
            "[ResDSL:NegativeSqueezeRatio] conv3: squeezeExcitation must be 0 (none) or a"
                + " reduction ratio, was -16: use 16, as Hu et al. do, or 0"),
        new Example(Messages.squeezeRatioDoesNotDivide("stage1", 16, 24),
            "[ResDSL:SqueezeRatioDoesNotDivide] stage1: squeezeExcitation = 16 does not divide"
                + " the blocks' 24 output channels into whole channels, at least one (24 / 16):"
                + " use a ratio that divides 24, such as 12"),
        new Example(Messages.mixedActivation("stage2", "BASIC", "stage1", "PREACT_BASIC"),
            "[ResDSL:MixedActivation] stage2: BASIC blocks cannot follow PREACT_BASIC blocks of"
                + " stage1: a network's stages are all pre-activation (PREACT_BASIC,"
                + " PREACT_BOTTLENECK) or none; use block = PREACT_BASIC"),
        new Example(Messages.preActivationWithoutShortcut("stage1", "PREACT_BOTTLENECK"),
            "[ResDSL:PreActivationWithoutShortcut] stage1: shortcut NONE with PREACT_BOTTLENECK"
                + " blocks: a pre-activation unit ends in its addition and has no plain form; use"
                + " shortcut = PROJECTION, or a post-activation block for a plain network"),
        new Example(Messages.zeroInitPreActivation(),
            "[ResDSL:ZeroInitPreActivation] @Conventions zeroInitResidual zeroes the batch norm"
                + " that ends each residual branch, but pre-activation branches end in a"
                + " convolution: remove zeroInitResidual"),
        new Example(Messages.deepStemTooNarrow(1),
            "[ResDSL:DeepStemTooNarrow] @Stem deep = true needs at least 2 filters to halve into"
                + " its first two convolutions, has 1: use filters = 2 or more, such as 64 (32,"
                + " 32, 64), or deep = false"),
        new Example(Messages.avgProjectionUnused("conv2", new Shape(256, 56, 56)),
            "[ResDSL:AvgProjectionUnused] conv2: shortcut AVG_PROJECTION projects nothing: no"
                + " block of the stage changes its shape, 256x56x56, so every shortcut is an"
                + " identity; use shortcut = PROJECTION, which says the same, or stride = 2 for a"
                + " ResNet-D downsampling stage"),
        new Example(Messages.orphan("Stem", "Lonely"),
            "[ResDSL:OrphanAnnotation] @Stem on Lonely has no @Network: add @Network(input ="
                + " @Input(...), classes = ...) to Lonely or remove @Stem"),
        new Example(Messages.noStages("EmptySpec"),
            "[ResDSL:NoStages] EmptySpec declares no @ResidualStage: add at least one, such as"
                + " @ResidualStage(blocks = 2, filters = 64)"),
        new Example(Messages.notAbstract("Concrete", "a concrete class"),
            "[ResDSL:SpecNotAbstract] @Network must be on an interface or abstract class, but"
                + " Concrete is a concrete class: declare it as an interface"),
        new Example(Messages.nameClash("p.Existing"),
            "[ResDSL:NameClash] cannot generate p.Existing: a type of that name exists already;"
                + " choose another with @Network(name = \"...\")"),
        new Example(Messages.cannotWrite("ResNet20", new IOException("disk full")),
            "[ResDSL:CannotWrite] cannot write ResNet20: disk full"),
        new Example(Messages.internalError("p.NetSpec", fault()),
            "[ResDSL:InternalError] ResDSL could not process p.NetSpec"
                + " (java.lang.IllegalStateException: boom); this is a bug in ResDSL, please"
                + " report it with the spec and this stack trace:\n"
                + "java.lang.IllegalStateException: boom\n"
                + "\tat dev.resdsl.processor.infer.ShapeInference.stage(ShapeInference.java:71)\n"
                + "\tat dev.resdsl.processor.ResDslProcessor.process(ResDslProcessor.java:82)\n"
                + "Caused by: java.lang.ArithmeticException: / by zero\n"
                + "\tat dev.resdsl.runtime.Shape.then(Shape.java:12)\n"
                + "\t... 2 more"));
  }

  /** An exception with a cause and a fixed stack trace, as {@code printStackTrace} shows them. */
  private static IllegalStateException fault() {
    StackTraceElement process = new StackTraceElement(
        "dev.resdsl.processor.ResDslProcessor", "process", "ResDslProcessor.java", 82);
    StackTraceElement stage = new StackTraceElement(
        "dev.resdsl.processor.infer.ShapeInference", "stage", "ShapeInference.java", 71);
    ArithmeticException cause = new ArithmeticException("/ by zero");
    cause.setStackTrace(new StackTraceElement[] {new StackTraceElement(
        "dev.resdsl.runtime.Shape", "then", "Shape.java", 12), stage, process});
    IllegalStateException fault = new IllegalStateException("boom", cause);
    fault.setStackTrace(new StackTraceElement[] {stage, process});
    return fault;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void printedTextOfEachMessage(Example example) {
    assertEquals(example.printed(), example.message().printed());
  }

  @Test
  void everyIdHasAnExample() {
    Set<DiagnosticId> shown = examples().stream()
        .map(example -> example.message().id())
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(DiagnosticId.class)));
    assertEquals(EnumSet.allOf(DiagnosticId.class), shown);
  }

  @Test
  void idsAreDistinctCamelCaseNames() {
    Pattern camelCase = Pattern.compile("[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*");
    List<String> ids = Arrays.stream(DiagnosticId.values()).map(DiagnosticId::id).toList();
    for (String id : ids) {
      assertTrue(camelCase.matcher(id).matches(), id);
    }
    assertEquals(ids.size(), Set.copyOf(ids).size(), ids::toString);
  }

  @Test
  void idsMatchTheirConstantNames() {
    // A reader who meets ZERO_PAD_SHRINKS in code finds [ResDSL:ZeroPadShrinks] in a log.
    Stream.of(DiagnosticId.values()).forEach(id -> assertEquals(
        id.name(), id.id().replaceAll("(?<=.)([A-Z])", "_$1").toUpperCase(Locale.ROOT)));
  }
}
