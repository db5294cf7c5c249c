package dev.resdsl.processor;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.resdsl.model.LayerNames;
import dev.resdsl.processor.validate.DiagnosticId;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.StageDescription;
import dev.resdsl.runtime.graph.GraphLowering;
import dev.resdsl.runtime.summary.NetworkSummary;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generative, seeded tests of the processor: random specs (with and without a stem, deep or not,
 * 1 to 6 stages, every shortcut and block kind, pre-activation networks, grouped and wide
 * bottlenecks, squeeze-and-excitation, inputs from 1x1 to 256x256, sometimes with injected
 * invalid values) go through the real compiler. Each spec either
 *
 * <ul>
 *   <li>compiles to code that compiles without warnings, whose DL4J-inferred stage shapes, {@code
 *       numParams()} and summary totals equal the generated constants, and whose forward pass
 *       gives probabilities; or
 *   <li>is rejected with diagnostics from the catalogue, told apart by their {@link
 *       DiagnosticId}.
 * </ul>
 *
 * <p>Never a processor crash, never a message outside the catalogue. An oracle written here,
 * independently of the processor, predicts for each spec the set of error and warning kinds,
 * every stage's output shape, the parameter count and the multiply-adds.
 *
 * <p>Specs are compiled in batches, valid and invalid together (one invalid spec must not stop
 * the others from generating); the accepted ones are then compiled again on their own to get
 * class files, which are loaded and run. Each case draws from its own {@code Random}, seeded
 * from the base seed and the case number, so a case reproduces on its own.
 *
 * <p>By default {@value #DEFAULT_CASES} cases run. More, or another seed, or one case:
 *
 * <pre>
 * mvn -B -ntp -pl dsl-processor test -Dtest=GenerativeProcessorTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dresdsl.generative.cases=5000
 * ... -Dresdsl.generative.seed=12345          (another base seed; default 20240917)
 * ... -Dresdsl.generative.case=1234           (only that case, as a failure message names it)
 * </pre>
 *
 * (Surefire passes Maven's {@code -D} user properties to the forked test JVM as system
 * properties. Run {@code mvn -q -B -ntp install -DskipTests} first so that the runtime module
 * is installed.)
 */
class GenerativeProcessorTest {
  static final int DEFAULT_CASES = 300;
  static final long DEFAULT_SEED = 20240917L;
  static final int BATCH = 20;
  /** Work caps for accepted specs, so that a forward pass stays well under a second. */
  static final long MAX_MULTIPLY_ADDS = 12_000_000L;
  static final long MAX_PARAMETERS = 400_000L;

  static final long SEED = Long.getLong("resdsl.generative.seed", DEFAULT_SEED);
  static final int CASES = Integer.getInteger("resdsl.generative.cases", DEFAULT_CASES);
  static final int ONLY = Integer.getInteger("resdsl.generative.case", -1);

  /** Totals over the run, printed at the end of the last batch. */
  static final Map<String, Integer> COUNTS = new TreeMap<>();

  @TempDir Path temp;

  @TestFactory
  Stream<DynamicTest> generatedSpecs() {
    List<Integer> cases = new ArrayList<>();
    if (ONLY >= 0) {
      cases.add(ONLY);
    } else {
      for (int i = 0; i < CASES; i++) {
        cases.add(i);
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (int from = 0; from < cases.size(); from += BATCH) {
      List<Integer> batch = cases.subList(from, Math.min(cases.size(), from + BATCH));
      boolean last = from + BATCH >= cases.size();
      String name = "seed " + SEED + ", cases " + batch.get(0) + ".." + batch.get(batch.size() - 1);
      tests.add(DynamicTest.dynamicTest(name, () -> {
        runBatch(batch);
        if (last) {
          System.out.println("GenerativeProcessorTest seed=" + SEED + " " + COUNTS);
        }
      }));
    }
    return tests.stream();
  }

  // ---------------------------------------------------------------------------------------------
  // The model of a spec, its source text, and the oracle.

  /** The catalogue ID a message begins with, or null for a message outside the catalogue. */
  static DiagnosticId idOf(String message) {
    for (DiagnosticId id : DiagnosticId.values()) {
      if (message.startsWith(id.tag() + " ")) {
        return id;
      }
    }
    return null;
  }

  record Dims(int c, int h, int w) {
    Dims then(int channels, int stride) {
      return new Dims(channels, ceil(h, stride), ceil(w, stride));
    }

    Dims with(int channels) {
      return new Dims(channels, h, w);
    }

    boolean divisibleBy(int s) {
      return h % s == 0 && w % s == 0;
    }

    @Override
    public String toString() {
      return c + "x" + h + "x" + w;
    }
  }

  static int ceil(int n, int d) {
    return (n + d - 1) / d;
  }

  record StemGen(int filters, int kernel, int stride, String pool, boolean deep) {
    StemGen(int filters, int kernel, int stride, String pool) {
      this(filters, kernel, stride, pool, false);
    }
  }

  /** A stage; groups 1, width per group 64 and ratio 0 are the defaults, left out of the source. */
  record StageGen(int blocks, int filters, int stride, String shortcut, String block, String name,
      String expect, int groups, int widthPerGroup, int squeeze) {
    StageGen(int blocks, int filters, int stride, String shortcut, String block, String name,
        String expect) {
      this(blocks, filters, stride, shortcut, block, name, expect, 1, 64, 0);
    }

    StageGen withSizes(int count, int width, int step) {
      return new StageGen(count, width, step, shortcut, block, name, expect, groups,
          widthPerGroup, squeeze);
    }

    StageGen withName(String text) {
      return new StageGen(blocks, filters, stride, shortcut, block, text, expect, groups,
          widthPerGroup, squeeze);
    }

    StageGen withBlock(String kind) {
      return new StageGen(blocks, filters, stride, shortcut, kind, name, expect, groups,
          widthPerGroup, squeeze);
    }

    StageGen withShortcut(String option) {
      return new StageGen(blocks, filters, stride, option, block, name, expect, groups,
          widthPerGroup, squeeze);
    }

    StageGen withExpect(String text) {
      return new StageGen(blocks, filters, stride, shortcut, block, name, text, groups,
          widthPerGroup, squeeze);
    }

    StageGen withDesign(int g, int w, int r) {
      return new StageGen(blocks, filters, stride, shortcut, block, name, expect, g, w, r);
    }

    boolean bottleneck() {
      return block.endsWith("BOTTLENECK");
    }

    boolean preActivation() {
      return block.startsWith("PREACT_");
    }

    int outputChannels() {
      return bottleneck() ? 4 * filters : filters;
    }
  }

  record Spec(int index, int channels, int height, int width, int classes, String className,
      long expectParameters, boolean strict, StemGen stem, List<StageGen> stages, String headPool,
      String dropout, boolean convBias, String epsilon, String decay, String placement,
      boolean zeroInit, boolean conventions) {

    String specName() {
      return "Case" + index + "Spec";
    }

    String generatedName() {
      return className == null ? "Case" + index : className;
    }

    String source() {
      StringBuilder s = new StringBuilder();
      s.append("package p;\n\nimport dev.resdsl.annotations.*;\n\n");
      s.append("@Network(input = @Input(channels = ").append(channels).append(", height = ")
          .append(height).append(", width = ").append(width).append("), classes = ")
          .append(classes);
      if (className != null) {
        s.append(", name = \"").append(className).append('"');
      }
      if (expectParameters != -1) {
        s.append(", expectParameters = ").append(expectParameters).append('L');
      }
      if (strict) {
        s.append(", strict = true");
      }
      s.append(")\n");
      if (stem != null) {
        s.append("@Stem(filters = ").append(stem.filters).append(", kernel = ").append(stem.kernel)
            .append(", stride = ").append(stem.stride).append(", pool = Pool.").append(stem.pool);
        if (stem.deep) {
          s.append(", deep = true");
        }
        s.append(")\n");
      }
      for (StageGen g : stages) {
        s.append("@ResidualStage(blocks = ").append(g.blocks).append(", filters = ")
            .append(g.filters);
        if (g.stride != 1) {
          s.append(", stride = ").append(g.stride);
        }
        s.append(", shortcut = Shortcut.").append(g.shortcut).append(", block = Block.")
            .append(g.block);
        if (g.name != null) {
          s.append(", name = \"").append(g.name).append('"');
        }
        if (g.expect != null) {
          s.append(", expect = \"").append(g.expect).append('"');
        }
        if (g.groups != 1) {
          s.append(", groups = ").append(g.groups);
        }
        if (g.widthPerGroup != 64) {
          s.append(", widthPerGroup = ").append(g.widthPerGroup);
        }
        if (g.squeeze != 0) {
          s.append(", squeezeExcitation = ").append(g.squeeze);
        }
        s.append(")\n");
      }
      if (headPool != null) {
        s.append("@Head(pool = Pool.").append(headPool).append(", dropout = ").append(dropout)
            .append(")\n");
      }
      if (conventions) {
        s.append("@Conventions(convBias = ").append(convBias).append(", batchNormEpsilon = ")
            .append(epsilon).append(", batchNormDecay = ").append(decay)
            .append(", bottleneckStride = StridePlacement.").append(placement)
            .append(", zeroInitResidual = ").append(zeroInit).append(")\n");
      }
      s.append("interface ").append(specName()).append(" {}\n");
      return s.toString();
    }
  }

  /** What the oracle predicts for a spec. */
  static final class Prediction {
    final Set<DiagnosticId> errors = EnumSet.noneOf(DiagnosticId.class);
    final Set<DiagnosticId> warnings = EnumSet.noneOf(DiagnosticId.class);
    final List<Dims> stageOutputs = new ArrayList<>();
    long parameters;
    long multiplyAdds;
    boolean sizesValid = true;
  }

  /** Identifier validity of the names the generator draws, written out by hand. */
  static final Map<String, Boolean> STAGE_NAMES = new LinkedHashMap<>();
  static final Set<String> UPPER_STEM = Set.of("STEM");

  static {
    for (String ok : List.of("conv2", "layer1", "a", "b_1", "input", "output", "head", "values",
        "Stage1", "stage2", "stage3", "_x", "$d", "ñame", "block", "a_block1", "stem_conv",
        "STEM2", "Default")) {
      STAGE_NAMES.put(ok, true);
    }
    for (String bad : List.of("1st", "a-b", "class", "a b", "a.b", "_", "x+y", "int")) {
      STAGE_NAMES.put(bad, false);
    }
    // Valid identifiers, but reserved for the stem (compared upper-cased).
    for (String reserved : List.of("stem", "STEM", "Stem")) {
      STAGE_NAMES.put(reserved, true);
    }
  }

  static double parseDouble(String javaExpression) {
    return switch (javaExpression) {
      case "0.0 / 0.0" -> Double.NaN;
      case "1.0 / 0.0" -> Double.POSITIVE_INFINITY;
      case "-1.0 / 0.0" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(javaExpression);
    };
  }

  static Prediction predict(Spec s) {
    Prediction p = new Prediction();
    if (s.channels < 1 || s.height < 1 || s.width < 1) {
      p.errors.add(DiagnosticId.NOT_POSITIVE);
      p.sizesValid = false;
    }
    if (s.classes < 1) {
      p.errors.add(DiagnosticId.NOT_POSITIVE);
    } else if (s.classes == 1) {
      p.errors.add(DiagnosticId.TOO_FEW_CLASSES);
    }
    if (s.className != null && (!s.className.matches("[A-Za-z_$][A-Za-z0-9_$]*")
        || s.className.equals("class"))) {
      p.errors.add(DiagnosticId.CLASS_NAME_NOT_IDENTIFIER);
    }
    if (s.expectParameters < -1) {
      p.errors.add(DiagnosticId.INVALID_EXPECT_PARAMETERS);
    }
    if (s.stem != null) {
      if (s.stem.filters < 1 || s.stem.kernel < 1 || s.stem.stride < 1) {
        p.errors.add(DiagnosticId.NOT_POSITIVE);
        p.sizesValid = false;
      }
      if (s.stem.kernel > 0 && s.stem.kernel % 2 == 0) {
        p.errors.add(DiagnosticId.EVEN_KERNEL);
      }
      if (s.stem.deep && s.stem.filters == 1) {
        p.errors.add(DiagnosticId.DEEP_STEM_TOO_NARROW);
        p.sizesValid = false;
      }
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < s.stages.size(); i++) {
      StageGen g = s.stages.get(i);
      if (g.blocks < 1 || g.filters < 1 || g.stride < 1) {
        p.errors.add(DiagnosticId.NOT_POSITIVE);
        p.sizesValid = false;
      }
      String name = g.name == null ? "stage" + (i + 1) : g.name;
      boolean identifier = g.name == null
          || STAGE_NAMES.getOrDefault(g.name, g.name.matches("[A-Za-z_$][A-Za-z0-9_$]*"));
      if (!identifier) {
        p.errors.add(DiagnosticId.STAGE_NAME_NOT_IDENTIFIER);
      } else if (UPPER_STEM.contains(name.toUpperCase(Locale.ROOT))) {
        p.errors.add(DiagnosticId.RESERVED_STAGE_NAME);
      }
      if (!seen.add(name.toUpperCase(Locale.ROOT))) {
        p.errors.add(DiagnosticId.REPEATED_STAGE_NAME);
      }
      // The block design: groups and width only on bottlenecks, an inner width of at least one
      // channel, a squeeze ratio dividing the output channels.
      if (!g.bottleneck()) {
        if (g.groups != 1 || g.widthPerGroup != 64) {
          p.errors.add(DiagnosticId.GROUPS_ON_BASIC_BLOCK);
          p.sizesValid = false;
        }
      } else if (g.groups < 1 || g.widthPerGroup < 1) {
        p.errors.add(DiagnosticId.NOT_POSITIVE);
        p.sizesValid = false;
      } else if (g.filters >= 1 && (long) g.filters * g.widthPerGroup / 64 * g.groups < 1) {
        p.errors.add(DiagnosticId.INNER_WIDTH_OUT_OF_RANGE);
        p.sizesValid = false;
      }
      if (g.squeeze < 0) {
        p.errors.add(DiagnosticId.NEGATIVE_SQUEEZE_RATIO);
        p.sizesValid = false;
      } else if (g.squeeze > 0 && g.filters >= 1 && g.outputChannels() % g.squeeze != 0) {
        p.errors.add(DiagnosticId.SQUEEZE_RATIO_DOES_NOT_DIVIDE);
        p.sizesValid = false;
      }
      if (g.preActivation() && g.shortcut.equals("NONE")) {
        p.errors.add(DiagnosticId.PRE_ACTIVATION_WITHOUT_SHORTCUT);
        p.sizesValid = false;
      }
      if (g.preActivation() != s.stages.get(0).preActivation()) {
        p.errors.add(DiagnosticId.MIXED_ACTIVATION);
        p.sizesValid = false;
      }
    }
    boolean pre = s.stages.get(0).preActivation();
    if (pre && s.conventions && s.zeroInit) {
      p.errors.add(DiagnosticId.ZERO_INIT_PRE_ACTIVATION);
    }
    double dropout = s.headPool == null ? 0 : parseDouble(s.dropout);
    if (!(dropout >= 0 && dropout < 1)) {
      p.errors.add(DiagnosticId.DROPOUT_OUT_OF_RANGE);
    }
    if (s.conventions) {
      double eps = parseDouble(s.epsilon);
      if (!(eps > 0 && Double.isFinite(eps))) {
        p.errors.add(DiagnosticId.EPSILON_NOT_POSITIVE);
      }
      double decay = parseDouble(s.decay);
      if (!(decay >= 0 && decay < 1)) {
        p.errors.add(DiagnosticId.DECAY_OUT_OF_RANGE);
      }
    }
    if (!p.sizesValid) {
      return p;
    }
    Set<DiagnosticId> strideFindings = s.strict ? p.errors : p.warnings;
    boolean bias = s.conventions && s.convBias;
    boolean middle = s.conventions && s.placement.equals("MIDDLE");
    long[] cost = new long[2];
    Dims x = new Dims(s.channels, s.height, s.width);
    if (s.stem != null) {
      Dims conv = x.then(s.stem.filters, s.stem.stride);
      if (s.stem.stride > 1 && !x.divisibleBy(s.stem.stride)) {
        strideFindings.add(DiagnosticId.STRIDE_DOES_NOT_DIVIDE);
      }
      if (s.stem.deep) {
        // Three convolutions of filters / 2, filters / 2 and filters; the first strides.
        int half = s.stem.filters / 2;
        conv(cost, s.stem.kernel, x.c, conv.with(half), 1, bias);
        bn(cost, half);
        conv(cost, s.stem.kernel, half, conv.with(half), 1, bias);
        bn(cost, half);
        conv(cost, s.stem.kernel, half, conv, 1, bias);
      } else {
        conv(cost, s.stem.kernel, x.c, conv, 1, bias);
      }
      if (!pre) {
        bn(cost, conv.c);
      }
      x = conv;
      if (!s.stem.pool.equals("NONE")) {
        if (!x.divisibleBy(2)) {
          strideFindings.add(DiagnosticId.STRIDE_DOES_NOT_DIVIDE);
        }
        x = x.then(x.c, 2);
      }
    }
    for (StageGen g : s.stages) {
      Dims in = x;
      boolean bottleneck = g.bottleneck();
      int inner = bottleneck ? g.filters * g.widthPerGroup / 64 * g.groups : g.filters;
      Dims out = in.then(g.outputChannels(), g.stride);
      if (g.stride > 1 && !in.divisibleBy(g.stride)) {
        strideFindings.add(DiagnosticId.STRIDE_DOES_NOT_DIVIDE);
      }
      boolean changes = !in.equals(out);
      if (g.shortcut.equals("IDENTITY") && changes) {
        p.errors.add(DiagnosticId.IDENTITY_ACROSS_CHANGE);
      }
      if (g.shortcut.equals("ZERO_PAD") && out.c < in.c) {
        p.errors.add(DiagnosticId.ZERO_PAD_SHRINKS);
      }
      if (g.shortcut.equals("AVG_PROJECTION") && !changes) {
        p.warnings.add(DiagnosticId.AVG_PROJECTION_UNUSED);
      }
      for (int b = 0; b < g.blocks; b++) {
        Dims bin = b == 0 ? in : out;
        int stride = b == 0 ? g.stride : 1;
        // Pre-activation: a batch norm of each convolution's input before it; post-activation:
        // of its output after it.
        if (!bottleneck) {
          Dims first = bin.then(g.filters, stride);
          bn(cost, pre ? bin.c : 0);
          conv(cost, 3, bin.c, first, 1, bias);
          bn(cost, g.filters);
          conv(cost, 3, g.filters, out, 1, bias);
          bn(cost, pre ? 0 : g.filters);
        } else {
          Dims reduced = bin.then(inner, middle ? 1 : stride);
          Dims grouped = out.with(inner);
          bn(cost, pre ? bin.c : 0);
          conv(cost, 1, bin.c, reduced, 1, bias);
          bn(cost, inner);
          conv(cost, 3, inner, grouped, g.groups, bias);
          bn(cost, inner);
          conv(cost, 1, inner, out, 1, bias);
          bn(cost, pre ? 0 : out.c);
        }
        if (g.squeeze > 0) {
          int squeezed = out.c / g.squeeze;
          conv(cost, 1, out.c, new Dims(squeezed, 1, 1), 1, true);
          conv(cost, 1, squeezed, new Dims(out.c, 1, 1), 1, true);
        }
        boolean projection = g.shortcut.equals("PROJECTION_ALL")
            || ((g.shortcut.equals("PROJECTION") || g.shortcut.equals("AVG_PROJECTION"))
                && !bin.equals(out));
        if (projection) {
          conv(cost, 1, bin.c, out, 1, bias);
          bn(cost, pre ? 0 : out.c);
        }
      }
      if (g.expect != null) {
        java.util.regex.Matcher m =
            Pattern.compile("\\s*(\\d{1,9})\\s*x\\s*(\\d{1,9})\\s*x\\s*(\\d{1,9})\\s*")
                .matcher(g.expect);
        if (!m.matches() || Integer.parseInt(m.group(1)) == 0
            || Integer.parseInt(m.group(2)) == 0 || Integer.parseInt(m.group(3)) == 0) {
          p.errors.add(DiagnosticId.MALFORMED_EXPECT);
        } else if (!new Dims(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))).equals(out)) {
          p.errors.add(DiagnosticId.EXPECT_MISMATCH);
        }
      }
      p.stageOutputs.add(out);
      x = out;
    }
    if (s.stem != null) {
      p.stageOutputs.add(0, stemOutput(s));
    }
    if (pre) {
      bn(cost, x.c);
    }
    long features = "NONE".equals(s.headPool) ? (long) x.c * x.h * x.w : x.c;
    long classes = Math.max(1, s.classes);
    cost[0] += features * classes + classes;
    cost[1] += features * classes;
    p.parameters = cost[0];
    p.multiplyAdds = cost[1];
    if (s.expectParameters >= 0 && s.expectParameters != p.parameters) {
      p.errors.add(DiagnosticId.PARAMETER_MISMATCH);
    }
    return p;
  }

  static Dims stemOutput(Spec s) {
    Dims conv = new Dims(s.channels, s.height, s.width).then(s.stem.filters, s.stem.stride);
    return s.stem.pool.equals("NONE") ? conv : conv.then(conv.c, 2);
  }

  /** A convolution of {@code groups} groups producing {@code out}, with its optional bias. */
  static void conv(long[] cost, int k, int in, Dims out, int groups, boolean bias) {
    long weights = (long) k * k * (in / groups) * out.c;
    cost[0] += weights + (bias ? out.c : 0);
    cost[1] += weights * out.h * out.w;
  }

  /** A batch norm over {@code channels} (none for 0): gamma and beta. */
  static void bn(long[] cost, int channels) {
    cost[0] += 2L * channels;
  }

  // ---------------------------------------------------------------------------------------------
  // The generator.

  static final String[] SHORTCUTS = {"IDENTITY", "ZERO_PAD", "PROJECTION", "PROJECTION_ALL", "NONE",
      "AVG_PROJECTION"};
  static final String[] POOLS = {"NONE", "MAX", "AVG"};
  static final String[] MALFORMED = {"abc", "4x4", "0x1x1", "4x4x4x4", "x1x1", "99999999999x1x1",
      "-1x2x2", "4 by 4 by 4", "1x0x1"};

  static Random random(int index) {
    return new Random(SEED * 0x9E3779B97F4A7C15L + index);
  }

  /** Draws a spec; redraws (from the same stream) until an accepted one is cheap enough to run. */
  static Spec draw(int index) {
    Random r = random(index);
    for (int attempt = 0; ; attempt++) {
      Spec s = drawOnce(index, r, attempt >= 20);
      Prediction p = predict(s);
      boolean runs = p.errors.isEmpty();
      if (!runs || (p.multiplyAdds <= MAX_MULTIPLY_ADDS && p.parameters <= MAX_PARAMETERS)) {
        return s;
      }
    }
  }

  static int size(Random r) {
    return r.nextInt(10) < 7 ? 1 + r.nextInt(40) : 41 + r.nextInt(216);
  }

  static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  static Spec drawOnce(int index, Random r, boolean small) {
    int channels = 1 + r.nextInt(4);
    int height = small ? 1 + r.nextInt(16) : size(r);
    int width = r.nextInt(3) == 0 ? height : (small ? 1 + r.nextInt(16) : size(r));
    int classes = 1 + r.nextInt(12);
    boolean large = Math.max(height, width) > 48;
    int maxFilters = large ? 4 : 16;
    StemGen stem = null;
    if (r.nextInt(10) < (large ? 9 : 6)) {
      int[] kernels = {1, 3, 5, 7};
      int stemFilters = 1 + r.nextInt(maxFilters);
      stem = new StemGen(stemFilters, kernels[r.nextInt(4)],
          large ? 2 + r.nextInt(2) : 1 + r.nextInt(3),
          large && r.nextBoolean() ? "MAX" : pick(r, POOLS),
          stemFilters >= 2 && r.nextInt(4) == 0);
    }
    // A quarter of the networks are of pre-activation blocks, all of their stages.
    boolean pre = r.nextInt(4) == 0;
    int stageCount = 1 + r.nextInt(6);
    List<StageGen> stages = new ArrayList<>();
    int current = stem == null ? channels : stem.filters;
    for (int i = 0; i < stageCount; i++) {
      boolean bottleneck = r.nextInt(3) == 0;
      int filters = 1 + r.nextInt(bottleneck ? Math.max(1, maxFilters / 2) : maxFilters);
      int stride = r.nextInt(10) < (large ? 3 : 6) ? 1 : 2 + r.nextInt(2) / 2 + r.nextInt(2) / 2;
      stride = Math.min(stride, 3);
      String name = null;
      if (r.nextInt(5) == 0) {
        List<String> names = new ArrayList<>(STAGE_NAMES.keySet());
        // Mostly valid names; the invalid and reserved ones are injections below.
        do {
          name = names.get(r.nextInt(names.size()));
        } while (!STAGE_NAMES.get(name) && r.nextInt(4) != 0
            || (name.equalsIgnoreCase("stem") && r.nextInt(4) != 0));
      }
      // Mostly shortcuts that fit, so that about half the specs are accepted.
      int out = bottleneck ? 4 * filters : filters;
      String shortcut = pick(r, SHORTCUTS);
      if (shortcut.equals("IDENTITY") && (out != current || stride > 1) && r.nextInt(4) != 0
          || shortcut.equals("ZERO_PAD") && out < current && r.nextInt(4) != 0) {
        shortcut = pick(r, new String[] {"PROJECTION", "PROJECTION_ALL", "NONE"});
      }
      if (pre && shortcut.equals("NONE")) {
        shortcut = "PROJECTION";
      }
      current = out;
      String kind = (pre ? "PREACT_" : "") + (bottleneck ? "BOTTLENECK" : "BASIC");
      StageGen stage = new StageGen(1 + r.nextInt(3), filters, stride, shortcut, kind, name, null);
      // ResNeXt's groups of a few channels each, or a wider bottleneck, on some bottlenecks.
      if (bottleneck && r.nextInt(3) == 0) {
        int groups = r.nextBoolean() ? 1 : 1 + r.nextInt(4);
        int perGroup = 1 + r.nextInt(3);
        // The smallest width per group that gives perGroup channels per group.
        int widthPerGroup = (64 * perGroup + filters - 1) / filters;
        stage = stage.withDesign(groups, widthPerGroup, 0);
      }
      // A squeeze-and-excitation unit with a ratio that divides the output channels.
      if (r.nextInt(4) == 0) {
        int ratio = 1 << r.nextInt(4);
        if (out % ratio == 0) {
          stage = stage.withDesign(stage.groups(), stage.widthPerGroup(), ratio);
        }
      }
      stages.add(stage);
    }
    String headPool = null;
    String dropout = "0.0";
    if (r.nextBoolean()) {
      headPool = large ? (r.nextBoolean() ? "AVG" : "MAX") : pick(r, POOLS);
      dropout = r.nextBoolean() ? "0.0" : Double.toString(r.nextInt(51) / 100.0);
    }
    boolean conventions = r.nextInt(3) == 0;
    boolean convBias = conventions && r.nextBoolean();
    String epsilon = r.nextBoolean() ? "1.0E-5" : Double.toString(1e-3 * (1 + r.nextInt(9)));
    String decay = r.nextBoolean() ? "0.9" : Double.toString(r.nextInt(100) / 100.0);
    String placement = r.nextBoolean() ? "FIRST" : "MIDDLE";
    // Pre-activation branches end in no batch norm to zero: mostly left out, sometimes injected.
    boolean zeroInit = conventions && r.nextBoolean() && (!pre || r.nextInt(8) == 0);
    boolean strict = r.nextInt(10) == 0;
    String className = null;
    if (r.nextInt(10) == 0) {
      className = "Case" + index + "Net";
    }
    Spec s = new Spec(index, channels, height, width, classes, className, -1, strict, stem,
        stages, headPool, dropout, convBias, epsilon, decay, placement, zeroInit, conventions);

    // Expectations, right or wrong, on some stages; and sometimes a pinned parameter count.
    Prediction p = predict(s);
    if (p.sizesValid) {
      int offset = s.stem == null ? 0 : 1;
      List<StageGen> withExpect = new ArrayList<>();
      for (int i = 0; i < stages.size(); i++) {
        StageGen g = stages.get(i);
        String expect = null;
        int roll = r.nextInt(10);
        Dims out = p.stageOutputs.get(i + offset);
        if (roll == 0) {
          expect = out.toString();
        } else if (roll == 1) {
          expect = " " + out.c + " x " + out.h + "x" + out.w + " ";
        } else if (roll == 2 && r.nextInt(3) == 0) {
          expect = r.nextBoolean()
              ? new Dims(out.c + 1, out.h, out.w).toString()
              : new Dims(out.c, out.h, out.w + 1 + r.nextInt(3)).toString();
        } else if (roll == 2 && r.nextInt(2) == 0) {
          expect = pick(r, MALFORMED);
        }
        withExpect.add(g.withExpect(expect));
      }
      long expectParameters = -1;
      int roll = r.nextInt(10);
      if (roll == 0) {
        expectParameters = p.parameters;
      } else if (roll == 1 && r.nextBoolean()) {
        expectParameters = p.parameters + (r.nextBoolean() ? 1 : -1);
      }
      s = new Spec(index, channels, height, width, classes, className, expectParameters, strict,
          stem, withExpect, headPool, dropout, convBias, epsilon, decay, placement, zeroInit,
          conventions);
    }
    return r.nextInt(100) < 15 ? inject(s, r) : s;
  }

  /** One deliberately invalid value. */
  static Spec inject(Spec s, Random r) {
    int[] bad = {0, -1, -7};
    int v = bad[r.nextInt(bad.length)];
    List<StageGen> stages = new ArrayList<>(s.stages);
    int i = r.nextInt(stages.size());
    StageGen g = stages.get(i);
    StemGen stem = s.stem;
    int channels = s.channels;
    int height = s.height;
    int width = s.width;
    int classes = s.classes;
    String className = s.className;
    long expectParameters = s.expectParameters;
    String dropout = s.dropout;
    String headPool = s.headPool;
    String epsilon = s.epsilon;
    String decay = s.decay;
    boolean conventions = s.conventions;
    String activation = g.preActivation() ? "PREACT_" : "";
    switch (r.nextInt(23)) {
      case 0 -> channels = v;
      case 1 -> height = v;
      case 2 -> width = v;
      case 3 -> classes = v;
      case 4 -> stages.set(i, g.withSizes(v, g.filters, g.stride));
      case 5 -> stages.set(i, g.withSizes(g.blocks, v, g.stride));
      case 6 -> stages.set(i, g.withSizes(g.blocks, g.filters, v));
      case 7 -> {
        String[] names = {"1st", "a-b", "class", "a.b", "_", "stem", "Stem", "STEM", "x+y"};
        stages.set(i, g.withName(pick(r, names)));
      }
      case 8 -> {
        // Two stages of the same name, up to case.
        StageGen other = stages.get(r.nextInt(stages.size()));
        String name = r.nextBoolean() ? "Stage" + (i + 1) : "dup";
        stages.set(i, g.withName(name));
        if (other != g) {
          int j = stages.indexOf(other);
          stages.set(j, other.withName(name.toLowerCase(Locale.ROOT)));
        }
      }
      case 9 -> {
        stem = new StemGen(stem == null ? 4 : stem.filters, pick(r, new Integer[] {0, 2, 4, -3, 6}),
            stem == null ? 1 : stem.stride, stem == null ? "NONE" : stem.pool,
            stem != null && stem.deep);
      }
      case 10 -> stem = new StemGen(r.nextBoolean() ? v : 4, 3, r.nextBoolean() ? v : 1, "NONE");
      case 11 -> {
        headPool = headPool == null ? "AVG" : headPool;
        dropout = pick(r, new String[] {"1.0", "-0.1", "1.5", "0.0 / 0.0", "0.999"});
      }
      case 12 -> {
        conventions = true;
        epsilon = pick(r, new String[] {"0.0", "-1.0E-5", "1.0 / 0.0", "0.0 / 0.0", "1.0E-300"});
        decay = pick(r, new String[] {"1.0", "-0.5", "0.0 / 0.0", "0.0", "0.999"});
      }
      case 13 -> className = pick(r, new String[] {s.index + "Case", "Case-" + s.index,
          "p.Case" + s.index, "class", "Ok" + s.index});
      case 14 -> expectParameters = r.nextBoolean() ? -2 : Long.MIN_VALUE + 1;
      // Groups or a width on a basic block.
      case 15 -> {
        boolean grouped = r.nextBoolean();
        stages.set(i, g.withBlock(activation + "BASIC").withDesign(
            grouped ? 2 + r.nextInt(3) : 1, grouped && r.nextBoolean() ? 64 : 128, 0));
      }
      // Non-positive groups or width per group on a bottleneck.
      case 16 -> stages.set(i, g.withBlock(activation + "BOTTLENECK")
          .withDesign(r.nextBoolean() ? v : 2, r.nextBoolean() ? v : 64, g.squeeze));
      // A bottleneck of fewer than 64 / filters width per group: no channel per group.
      case 17 -> {
        int narrow = 1 + r.nextInt(3);
        stages.set(i, g.withBlock(activation + "BOTTLENECK").withSizes(g.blocks, narrow, g.stride)
            .withDesign(1 + r.nextInt(4), 1 + r.nextInt(63 / narrow), 0));
      }
      // A squeeze ratio that is negative, or above the channels and so dividing none.
      case 18 -> stages.set(i, g.withDesign(g.groups, g.widthPerGroup,
          r.nextBoolean() ? Math.min(v, -1) : g.outputChannels() + 1 + r.nextInt(4)));
      // A stage of the other activation order.
      case 19 -> stages.set(i, g.withBlock(g.preActivation()
          ? g.block.substring("PREACT_".length()) : "PREACT_" + g.block));
      // A pre-activation stage without shortcuts.
      case 20 -> stages.set(i, g.withBlock(g.preActivation() ? g.block : "PREACT_" + g.block)
          .withShortcut("NONE"));
      // A deep stem of one filter.
      case 21 -> stem = new StemGen(1, 3, stem == null ? 1 : stem.stride,
          stem == null ? "NONE" : stem.pool, true);
      default -> {
        // A shortcut that cannot join: IDENTITY across a change, ZERO_PAD shrinking.
        String shortcut = r.nextBoolean() ? "IDENTITY" : "ZERO_PAD";
        stages.set(i, g.withSizes(g.blocks, Math.max(1, g.filters / 2), 1 + r.nextInt(2))
            .withShortcut(shortcut).withDesign(1, 64, 0));
      }
    }
    return new Spec(s.index, channels, height, width, classes, className, expectParameters,
        s.strict, stem, stages, headPool, dropout, s.convBias, epsilon, decay, s.placement,
        s.zeroInit, conventions);
  }

  // ---------------------------------------------------------------------------------------------
  // Running a batch.

  void runBatch(List<Integer> indices) throws Exception {
    List<Spec> specs = new ArrayList<>();
    for (int index : indices) {
      specs.add(draw(index));
    }
    List<String> failures = new ArrayList<>();
    Map<String, Spec> byFile = new HashMap<>();
    List<JavaFileObject> files = new ArrayList<>();
    for (Spec s : specs) {
      byFile.put(s.specName() + ".java", s);
      files.add(JavaFileObjects.forSourceString("p." + s.specName(), s.source()));
    }

    // 1. All specs of the batch together, valid and invalid.
    Path dir = Files.createTempDirectory(temp, "batch");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, String> generated;
    try {
      generated = processOnly(dir, diagnostics, files);
    } catch (RuntimeException crash) {
      fail("the processor crashed on a batch (seed " + SEED + ", cases " + indices + "):\n"
          + stackTrace(crash) + "\n" + sources(specs));
      return;
    }
    Map<Spec, Set<DiagnosticId>> errors = new HashMap<>();
    Map<Spec, Set<DiagnosticId>> warnings = new HashMap<>();
    for (Spec s : specs) {
      errors.put(s, EnumSet.noneOf(DiagnosticId.class));
      warnings.put(s, EnumSet.noneOf(DiagnosticId.class));
    }
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      Spec s = d.getSource() == null ? null : byFile.get(fileName(d.getSource()));
      if (d.getKind() == Diagnostic.Kind.NOTE) {
        continue;
      }
      if (s == null) {
        failures.add("seed " + SEED + ", cases " + indices + ": a " + d.getKind()
            + " outside any spec: " + d + "\n" + sources(specs));
        continue;
      }
      DiagnosticId id = idOf(message);
      if (id == DiagnosticId.INTERNAL_ERROR) {
        failures.add(describe(s, "the processor crashed: " + message));
      } else if (id == null) {
        failures.add(describe(s, "a " + d.getKind() + " outside the catalogue: " + message));
      } else if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.get(s).add(id);
      } else {
        warnings.get(s).add(id);
      }
    }
    List<Spec> accepted = new ArrayList<>();
    for (Spec s : specs) {
      Prediction p = predict(s);
      boolean rejected = !errors.get(s).isEmpty();
      count(rejected ? "rejected" : "accepted");
      if (!errors.get(s).equals(p.errors)) {
        failures.add(describe(s, "errors " + errors.get(s) + ", but the oracle expects "
            + p.errors));
      }
      if (!warnings.get(s).equals(p.warnings)) {
        failures.add(describe(s, "warnings " + warnings.get(s) + ", but the oracle expects "
            + p.warnings));
      }
      String qualified = "p." + s.generatedName();
      if (rejected == generated.containsKey(qualified)) {
        failures.add(describe(s, rejected
            ? "rejected, but " + qualified + " was generated"
            : "accepted, but " + qualified + " was not generated (generated: "
                + generated.keySet() + ")"));
      }
      if (!rejected) {
        accepted.add(s);
      }
    }
    if (generated.size() != accepted.size()) {
      failures.add("seed " + SEED + ", cases " + indices + ": generated " + generated.keySet()
          + " for " + accepted.size() + " accepted specs");
    }

    // 2. The accepted specs alone: the generated code compiles, and then runs.
    if (!accepted.isEmpty()) {
      List<JavaFileObject> acceptedFiles = new ArrayList<>();
      for (Spec s : accepted) {
        acceptedFiles.add(JavaFileObjects.forSourceString("p." + s.specName(), s.source()));
      }
      Compilation compilation =
          Compiler.javac().withProcessors(new ResDslProcessor()).compile(acceptedFiles);
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        if (d.getKind() == Diagnostic.Kind.NOTE) {
          continue;
        }
        Spec s = d.getSource() == null ? null : byFile.get(fileName(d.getSource()));
        // The warnings the oracle predicts come again; nothing else may.
        boolean catalogueWarning = s != null && d.getKind() != Diagnostic.Kind.ERROR
            && predict(s).warnings.contains(idOf(d.getMessage(Locale.ROOT)));
        if (!catalogueWarning) {
          failures.add("seed " + SEED + ", cases " + indices + ": compiling the accepted specs"
              + " gave a " + d.getKind() + ": " + d + "\n" + sources(accepted));
        }
      }
      if (compilation.status() == Compilation.Status.SUCCESS) {
        Map<String, String> again = new TreeMap<>();
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject f : compilation.generatedFiles()) {
          String path = f.toUri().getPath();
          int at = path.lastIndexOf("/p/");
          if (at < 0) {
            continue;
          }
          String name = "p." + path.substring(at + 3, path.lastIndexOf('.'));
          if (f.getKind() == JavaFileObject.Kind.CLASS) {
            try (InputStream in = f.openInputStream()) {
              classes.put(name, in.readAllBytes());
            }
          } else if (f.getKind() == JavaFileObject.Kind.SOURCE) {
            again.put(name, f.getCharContent(true).toString());
          }
        }
        if (!again.equals(generated)) {
          failures.add("seed " + SEED + ", cases " + indices + ": the sources generated next to"
              + " rejected specs differ from those generated alone");
        }
        ClassLoader loader = new BytesClassLoader(classes, getClass().getClassLoader());
        for (Spec s : accepted) {
          try {
            run(s, loader);
          } catch (Throwable t) {
            failures.add(describe(s, "the generated class failed: " + stackTrace(t)));
          }
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " failures; the first ones:\n\n"
          + String.join("\n\n", failures.subList(0, Math.min(5, failures.size()))));
    }
  }

  /** Loads, builds and runs the generated class of an accepted spec. */
  void run(Spec s, ClassLoader loader) throws Exception {
    Prediction p = predict(s);
    Class<?> type = loader.loadClass("p." + s.generatedName());
    long parameters = type.getField("TRAINABLE_PARAMETERS").getLong(null);
    long multiplyAdds = type.getField("MULTIPLY_ADDS").getLong(null);
    Shape input = (Shape) type.getField("INPUT").get(null);
    NetworkDescription description = (NetworkDescription) type.getField("DESCRIPTION").get(null);
    check(parameters == p.parameters, s,
        "TRAINABLE_PARAMETERS " + parameters + ", the oracle counts " + p.parameters);
    check(multiplyAdds == p.multiplyAdds, s,
        "MULTIPLY_ADDS " + multiplyAdds + ", the oracle counts " + p.multiplyAdds);
    check(input.equals(new Shape(s.channels, s.height, s.width)), s, "INPUT " + input);
    List<StageDescription> stages = description.stages();
    check(stages.size() == p.stageOutputs.size(), s, "stages " + stages);
    for (int i = 0; i < stages.size(); i++) {
      Dims d = p.stageOutputs.get(i);
      check(stages.get(i).output().equals(new Shape(d.c, d.h, d.w)), s,
          "stage " + stages.get(i) + ", the oracle infers " + d);
    }

    GeneratedNetwork net;
    try {
      net = (GeneratedNetwork) type.getMethod("create", long.class).invoke(null, 7L + s.index);
    } catch (InvocationTargetException e) {
      throw new AssertionError("create failed", e.getCause());
    }
    ComputationGraph graph = net.graph();
    ComputationGraphConfiguration configuration = graph.getConfiguration();
    Map<String, Shape> shapes = GraphLowering.activationShapes(configuration, input);
    for (StageDescription stage : stages) {
      check(stage.output().equals(shapes.get(stage.vertex())), s, "stage " + stage.name()
          + ": DL4J infers " + shapes.get(stage.vertex()) + ", the constants say "
          + stage.output());
    }
    check(new Shape(Math.max(1, s.classes), 1, 1).equals(shapes.get(LayerNames.OUTPUT)),
        s, "output " + shapes.get(LayerNames.OUTPUT));
    long batchNorm = 0;
    for (Map.Entry<String, GraphVertex> v : configuration.getVertices().entrySet()) {
      if (v.getValue() instanceof LayerVertex layer
          && layer.getLayerConf().getLayer() instanceof BatchNormalization bn) {
        batchNorm += bn.getNOut();
      }
    }
    // DL4J keeps batch norm's running mean and variance as parameters; torchvision does not.
    check(graph.numParams() == parameters + 2 * batchNorm, s, "numParams " + graph.numParams()
        + " != " + parameters + " + 2 x " + batchNorm);
    NetworkSummary summary = NetworkSummary.of(net);
    check(summary.totalParameters() == parameters, s,
        "summary parameters " + summary.totalParameters());
    check(summary.totalMultiplyAdds() == multiplyAdds, s,
        "summary multiply-adds " + summary.totalMultiplyAdds());

    int batch = 1 + s.index % 2;
    INDArray images = Nd4j.rand(DataType.FLOAT, batch, s.channels, s.height, s.width);
    INDArray probabilities = net.predict(images);
    check(probabilities.rank() == 2 && probabilities.size(0) == batch
        && probabilities.size(1) == s.classes, s, "predict gave " + probabilities.shapeInfoToString());
    INDArray sums = probabilities.sum(1);
    for (int row = 0; row < batch; row++) {
      double sum = sums.getDouble(row);
      check(Math.abs(sum - 1) < 1e-3, s, "probabilities of row " + row + " sum to " + sum
          + ": " + probabilities);
    }
    count(s.stem == null ? "accepted without stem" : "accepted with stem");
    // How often the next wave's features ran, so that a change to the generator that stops
    // drawing them shows in the totals.
    if (s.stem != null && s.stem.deep) {
      count("accepted deep stem");
    }
    if (s.stages.get(0).preActivation()) {
      count("accepted pre-activation");
    }
    if (s.stages.stream().anyMatch(g -> g.groups != 1 || g.widthPerGroup != 64)) {
      count("accepted grouped or wide");
    }
    if (s.stages.stream().anyMatch(g -> g.squeeze > 0)) {
      count("accepted squeeze-and-excitation");
    }
    if (s.stages.stream().anyMatch(g -> g.shortcut.equals("AVG_PROJECTION"))) {
      count("accepted AVG_PROJECTION");
    }
  }

  static void check(boolean ok, Spec s, String problem) {
    if (!ok) {
      throw new AssertionError(problem);
    }
  }

  static synchronized void count(String what) {
    COUNTS.merge(what, 1, Integer::sum);
  }

  static String describe(Spec s, String problem) {
    return "seed " + SEED + ", case " + s.index + " (-Dresdsl.generative.seed=" + SEED
        + " -Dresdsl.generative.case=" + s.index + "): " + problem + "\n" + s.source();
  }

  static String sources(List<Spec> specs) {
    StringBuilder b = new StringBuilder();
    for (Spec s : specs) {
      b.append("// case ").append(s.index).append('\n').append(s.source());
    }
    return b.toString();
  }

  static String fileName(JavaFileObject file) {
    String path = file.toUri().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The trace without JUnit's frames, and at most a few lines of each cause. */
  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder b = new StringBuilder();
    int inCause = 0;
    for (String line : w.toString().split("\n")) {
      boolean frame = line.trim().startsWith("at ");
      inCause = frame ? inCause + 1 : 0;
      if (!frame || (inCause <= 8 && !line.contains("org.junit."))) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** Runs only annotation processing (javac hides generated files of a failed compilation). */
  static Map<String, String> processOnly(Path dir, DiagnosticCollector<JavaFileObject> diagnostics,
      List<JavaFileObject> files) {
    return Specs.generatedEvenOnFailure(dir, diagnostics, files);
  }

  /** Serves the class files of one compilation. */
  static final class BytesClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    BytesClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
