package dev.resdsl.processor.generate;

import static dev.resdsl.processor.generate.RuntimeTypes.COMPUTATION_GRAPH;
import static dev.resdsl.processor.generate.RuntimeTypes.GENERATED;
import static dev.resdsl.processor.generate.RuntimeTypes.GENERATED_NETWORK;
import static dev.resdsl.processor.generate.RuntimeTypes.GRAPH_CONFIGURATION;
import static dev.resdsl.processor.generate.RuntimeTypes.GRAPH_LOWERING;
import static dev.resdsl.processor.generate.RuntimeTypes.INDARRAY;
import static dev.resdsl.processor.generate.RuntimeTypes.NETWORK_DESCRIPTION;
import static dev.resdsl.processor.generate.RuntimeTypes.NETWORK_FACTORY;
import static dev.resdsl.processor.generate.RuntimeTypes.RESIDUAL_NETWORK;
import static dev.resdsl.processor.generate.RuntimeTypes.STAGE_DESCRIPTION;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.resdsl.annotations.Block;
import dev.resdsl.annotations.Pool;
import dev.resdsl.annotations.StridePlacement;
import dev.resdsl.model.BlockDesign;
import dev.resdsl.model.BlockShortcut;
import dev.resdsl.model.Cost;
import dev.resdsl.model.LayerConventions;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.StemDesign;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.PlanBuilder;
import dev.resdsl.processor.infer.NetworkPlan;
import dev.resdsl.processor.infer.NetworkPlan.BlockPlan;
import dev.resdsl.processor.infer.NetworkPlan.StagePlan;
import dev.resdsl.processor.infer.NetworkPlan.StemPlan;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.NetworkDecl.InputDecl;
import dev.resdsl.runtime.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the class of a valid network plan: constants for every inferred shape and count, a
 * {@code Stage} enum, and a {@code layerPlan} method that reads stage by stage, block by block,
 * calling the model's {@link PlanBuilder}; the Deeplearning4j configuration is lowered from that
 * plan.
 */
public final class NetworkWriter {
  /** The name generated classes carry in {@code @Generated}. */
  public static final String PROCESSOR = "dev.resdsl.processor.ResDslProcessor";

  /** The simple name of the nested factory class each generated network has. */
  private static final String FACTORY = "Factory";

  private final NetworkPlan plan;
  private final NetworkDecl decl;
  private final ClassName self;
  private final ClassName stageEnum;
  private static final ClassName SHAPE = ClassName.get(Shape.class);
  private static final ClassName LAYER_CONVENTIONS = ClassName.get(LayerConventions.class);
  private static final ClassName LAYER_PLAN = ClassName.get(LayerPlan.class);
  private static final ClassName PLAN_BUILDER = ClassName.get(PlanBuilder.class);
  private static final ClassName BLOCK_SHORTCUT = ClassName.get(BlockShortcut.class);
  private static final ClassName BLOCK_DESIGN = ClassName.get(BlockDesign.class);
  private static final ClassName STEM_DESIGN = ClassName.get(StemDesign.class);

  private NetworkWriter(NetworkPlan plan) {
    this.plan = plan;
    this.decl = plan.decl();
    this.self = ClassName.get(decl.packageName(), decl.className());
    this.stageEnum = self.nestedClass("Stage");
  }

  /** The Java file of {@code plan}'s network, tied to the spec it came from. */
  public static JavaFile write(NetworkPlan plan, Element originatingSpec) {
    return new NetworkWriter(plan).file(originatingSpec);
  }

  private JavaFile file(Element originatingSpec) {
    Cost cost = plan.cost();
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addOriginatingElement(originatingSpec)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .superclass(RESIDUAL_NETWORK)
        .addAnnotation(generated())
        .addJavadoc(classJavadoc(cost))
        .addField(constant(long.class, "TRAINABLE_PARAMETERS",
            "Trainable parameters: weights, biases, batch-norm gamma and beta.",
            CodeBlock.of("$L", longLiteral(cost.parameters()))))
        .addField(constant(long.class, "MULTIPLY_ADDS",
            "Multiply-adds of one image's forward pass, in convolutions and the dense layer.",
            CodeBlock.of("$L", longLiteral(cost.multiplyAdds()))))
        .addField(constant(SHAPE, "INPUT", "The shape of one input image, channels first.",
            input(decl.input())))
        .addField(constant(SHAPE, "OUTPUT", "The output: one probability per class.",
            CodeBlock.of("new $T($L, 1, 1)", SHAPE, decl.classes())))
        .addField(constant(String.class, "ARCHITECTURE",
            "Every declared choice that shapes the weights; checkpoints carry it.",
            CodeBlock.of("$S", Architecture.describe(decl))))
        .addField(constant(LAYER_CONVENTIONS, "CONVENTIONS",
            "The spec's layer conventions.", conventions(decl.conventions())))
        .addField(constant(NETWORK_DESCRIPTION, "DESCRIPTION",
            "What the compiler inferred for this network.",
            CodeBlock.of("new $T($S, INPUT, OUTPUT, TRAINABLE_PARAMETERS, MULTIPLY_ADDS,"
                    + " ARCHITECTURE, $T.descriptions())",
                NETWORK_DESCRIPTION, decl.className(), stageEnum)))
        .addField(constant(LAYER_PLAN, "PLAN",
            "Every layer with its shapes and parameters: what the graph, the engine and the"
                + " readers of this network build on.",
            CodeBlock.of("layerPlan()")))
        .addMethod(MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(COMPUTATION_GRAPH, "graph")
            .addStatement("super(DESCRIPTION, PLAN, graph)")
            .build())
        .addMethod(MethodSpec.methodBuilder("create")
            .addJavadoc("A new $L with He-initialised weights drawn from {@code seed}.\n",
                decl.className())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(self)
            .addParameter(long.class, "seed")
            .addStatement("return new $T(instantiate(configuration(seed)))", self)
            .build())
        .addMethod(MethodSpec.methodBuilder("load")
            .addJavadoc("Reads a $L written by {@link #save}, refusing a file of another"
                + " architecture.\n", decl.className())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(self)
            .addParameter(Path.class, "file")
            .addException(IOException.class)
            .addStatement("return new $T(restore(file, DESCRIPTION))", self)
            .build())
        .addMethod(layerPlan())
        .addMethod(configuration())
        .addMethod(MethodSpec.methodBuilder("features")
            .addJavadoc("The activations after {@code stage} for a batch of NCHW images.\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(INDARRAY)
            .addParameter(stageEnum, "stage")
            .addParameter(INDARRAY, "images")
            .addStatement("return activations(stage.vertex(), images)")
            .build())
        .addType(stageType())
        .addType(factoryType());
    return JavaFile.builder(decl.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** {@code @Generated}: this processor and its version, and no date, so output is reproducible. */
  private static AnnotationSpec generated() {
    return AnnotationSpec.builder(GENERATED)
        .addMember("value", "$S", PROCESSOR)
        .addMember("comments", "$S", "ResDSL " + ProcessorVersion.get())
        .build();
  }

  private CodeBlock classJavadoc(Cost cost) {
    return CodeBlock.builder()
        .add("The network declared by {@link $L}, generated by ResDSL.\n\n", decl.specName())
        .add("<p>Its layers as Table 1 of He et al., \"Deep Residual Learning for Image"
            + " Recognition\"\n(2015) lists them, with each output's shape, channels first:\n\n")
        .add("<pre>\n$L</pre>\n\n", LayerTable.of(plan))
        .add("<p>$L trainable parameters; $L multiply-adds per image.\n",
            String.format(Locale.ROOT, "%,d", cost.parameters()),
            String.format(Locale.ROOT, "%,d", cost.multiplyAdds()))
        .build();
  }

  private MethodSpec layerPlan() {
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T plan = $T.$L(INPUT, CONVENTIONS)", PLAN_BUILDER, PLAN_BUILDER,
            decl.preActivation() ? "startPreActivation" : "start");
    plan.stem().ifPresent(stem -> stem(body, stem));
    for (StagePlan stage : plan.stages()) {
      stage(body, stage);
    }
    body.add("\n// head: $L -> $L\n", plan.head().input(), decl.classes());
    body.addStatement("return plan.head($T.$L, $L, $L)",
        Pool.class, decl.head().pool(), decl.head().dropout(), decl.classes());
    return MethodSpec.methodBuilder("layerPlan")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(LAYER_PLAN)
        .addCode(body.build())
        .build();
  }

  private MethodSpec configuration() {
    return MethodSpec.methodBuilder("configuration")
        .addJavadoc("The Deeplearning4j configuration of this network, its weights to be drawn"
            + " from {@code seed}.\n")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(GRAPH_CONFIGURATION)
        .addParameter(long.class, "seed")
        .addStatement("return $T.configuration(PLAN, seed)", GRAPH_LOWERING)
        .build();
  }

  private void stem(CodeBlock.Builder body, StemPlan stem) {
    body.add("\n// stem: $L -> $L\n", stem.input(), stem.output());
    if (stem.decl().deep()) {
      body.addStatement("plan.stem($T.deep($L, $L, $L, $T.$L)).endStage($T.STEM.output())",
          STEM_DESIGN, stem.decl().filters(), stem.decl().kernel(), stem.decl().stride(),
          Pool.class, stem.decl().pool(), stageEnum);
      return;
    }
    body.addStatement("plan.stem($L, $L, $L, $T.$L).endStage($T.STEM.output())",
        stem.decl().filters(), stem.decl().kernel(), stem.decl().stride(), Pool.class,
        stem.decl().pool(), stageEnum);
  }

  private void stage(CodeBlock.Builder body, StagePlan stage) {
    List<BlockPlan> blocks = stage.blocks();
    BlockDesign design = blocks.get(0).design();
    body.add("\n// $L: $L -> $L, $L $L block$L$L\n", stage.decl().name(), stage.input(),
        stage.output(), blocks.size(), kindName(design.kind()), blocks.size() == 1 ? "" : "s",
        designComment(design));
    body.addStatement("plan.stage($S)", stage.decl().name());
    block(body, blocks.get(0));
    if (blocks.size() == 2) {
      block(body, blocks.get(1));
    } else if (blocks.size() > 2) {
      // Blocks after the first keep the shape and are alike: a loop reads better than a list.
      body.beginControlFlow("for (int block = 2; block <= $L; block++)", blocks.size());
      block(body, blocks.get(1));
      body.endControlFlow();
    }
    body.addStatement("plan.endStage($T.$L.output())", stageEnum, stage.decl().constantName());
  }

  /** {@code basic}, {@code bottleneck}, {@code pre-activation basic}, ... */
  private static String kindName(Block kind) {
    return switch (kind) {
      case BASIC -> "basic";
      case BOTTLENECK -> "bottleneck";
      case PREACT_BASIC -> "pre-activation basic";
      case PREACT_BOTTLENECK -> "pre-activation bottleneck";
    };
  }

  /**
   * {@code ", 32 groups of 4, squeeze-and-excitation 1/16"} or {@code ", inner width 128"}, or
   * nothing for the defaults.
   */
  private static String designComment(BlockDesign design) {
    StringBuilder text = new StringBuilder();
    if (design.groups() != 1) {
      text.append(", ").append(design.groups()).append(" groups of ")
          .append(design.innerWidth() / design.groups());
    } else if (design.widthPerGroup() != BlockDesign.BASE_WIDTH) {
      text.append(", inner width ").append(design.innerWidth());
    }
    if (design.squeezeExcitation() > 0) {
      text.append(", squeeze-and-excitation 1/").append(design.squeezeExcitation());
    }
    return text.toString();
  }

  /**
   * The block's call: {@code basic} or {@code bottleneck} for the paper's blocks, as every
   * earlier spec generated them, else {@code block} with the design spelled out.
   */
  private static void block(CodeBlock.Builder body, BlockPlan b) {
    BlockDesign d = b.design();
    if (d.equals(BlockDesign.of(Block.BASIC, d.filters()))
        || d.equals(BlockDesign.of(Block.BOTTLENECK, d.filters()))) {
      body.addStatement("plan.$L($L, $L, $T.$L)", kindName(d.kind()), b.filters(), b.stride(),
          BLOCK_SHORTCUT, b.shortcut());
      return;
    }
    CodeBlock.Builder design = CodeBlock.builder()
        .add("$T.of($T.$L, $L)", BLOCK_DESIGN, Block.class, d.kind(), d.filters());
    if (d.groups() != 1 || d.widthPerGroup() != BlockDesign.BASE_WIDTH) {
      design.add(".withGroups($L, $L)", d.groups(), d.widthPerGroup());
    }
    if (d.squeezeExcitation() > 0) {
      design.add(".withSqueezeExcitation($L)", d.squeezeExcitation());
    }
    body.addStatement("plan.block($L, $L, $T.$L)", design.build(), b.stride(), BLOCK_SHORTCUT,
        b.shortcut());
  }

  /**
   * The binary name of the factory that {@code plan}'s class registers for {@link
   * java.util.ServiceLoader}.
   */
  public static String factoryBinaryName(NetworkPlan plan) {
    NetworkDecl decl = plan.decl();
    String prefix = decl.packageName().isEmpty() ? "" : decl.packageName() + ".";
    return prefix + decl.className() + "$" + FACTORY;
  }

  private TypeSpec factoryType() {
    return TypeSpec.classBuilder(FACTORY)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(NETWORK_FACTORY)
        .addJavadoc("Creates and loads {@code $L}s; registered for {@link java.util.ServiceLoader},"
            + " so that the command line and {@code NetworkCatalog} find this network.\n",
            decl.className())
        .addMethod(MethodSpec.methodBuilder("description")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(NETWORK_DESCRIPTION)
            .addStatement("return DESCRIPTION")
            .build())
        .addMethod(MethodSpec.methodBuilder("create")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(GENERATED_NETWORK)
            .addParameter(long.class, "seed")
            .addStatement("return $T.create(seed)", self)
            .build())
        .addMethod(MethodSpec.methodBuilder("load")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(GENERATED_NETWORK)
            .addParameter(Path.class, "file")
            .addException(IOException.class)
            .addStatement("return $T.load(file)", self)
            .build())
        .build();
  }

  private TypeSpec stageType() {
    TypeSpec.Builder stages = TypeSpec.enumBuilder("Stage")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The stem and stages of {@code $L}, each with its output shape.\n",
            decl.className());
    plan.stem().ifPresent(stem -> stages.addEnumConstant("STEM",
        stageConstant("The stem", LayerNames.STEM, LayerNames.STEM, stem.output())));
    for (StagePlan stage : plan.stages()) {
      String name = stage.decl().name();
      stages.addEnumConstant(stage.decl().constantName(), stageConstant("Stage {@code " + name + "}",
          name, stage.blocks().get(stage.blocks().size() - 1).name(), stage.output()));
    }
    ParameterizedTypeName listOfDescriptions =
        ParameterizedTypeName.get(ClassName.get(List.class), STAGE_DESCRIPTION);
    return stages
        .addField(String.class, "stageName", Modifier.PRIVATE, Modifier.FINAL)
        .addField(String.class, "vertex", Modifier.PRIVATE, Modifier.FINAL)
        .addField(SHAPE, "output", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(String.class, "stageName")
            .addParameter(String.class, "vertex")
            .addParameter(SHAPE, "output")
            .addStatement("this.stageName = stageName")
            .addStatement("this.vertex = vertex")
            .addStatement("this.output = output")
            .build())
        .addMethod(getter(String.class, "stageName", "The stage's name in the spec."))
        .addMethod(getter(String.class, "vertex", "The graph vertex whose output this stage is."))
        .addMethod(getter(SHAPE, "output", "The stage's output shape, channels first."))
        .addMethod(MethodSpec.methodBuilder("descriptions")
            .addModifiers(Modifier.STATIC)
            .returns(listOfDescriptions)
            .addStatement("$T descriptions = new $T<>()", listOfDescriptions, ArrayList.class)
            .beginControlFlow("for (Stage stage : values())")
            .addStatement("descriptions.add(new $T(stage.stageName, stage.vertex, stage.output))",
                STAGE_DESCRIPTION)
            .endControlFlow()
            .addStatement("return descriptions")
            .build())
        .build();
  }

  private static TypeSpec stageConstant(String what, String name, String vertex, Shape out) {
    return TypeSpec.anonymousClassBuilder("$S, $S, $L", name, vertex, shape(out))
        .addJavadoc("$L: $L.\n", what, out)
        .build();
  }

  private static MethodSpec getter(Class<?> type, String name, String doc) {
    return getter(ClassName.get(type), name, doc);
  }

  private static MethodSpec getter(ClassName type, String name, String doc) {
    return MethodSpec.methodBuilder(name)
        .addJavadoc("$L\n", doc)
        .addModifiers(Modifier.PUBLIC)
        .returns(type)
        .addStatement("return $L", name)
        .build();
  }

  private static FieldSpec constant(Object type, String name, String doc, CodeBlock value) {
    FieldSpec.Builder field = type instanceof ClassName className
        ? FieldSpec.builder(className, name)
        : FieldSpec.builder((Class<?>) type, name);
    return field.addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("$L\n", doc)
        .initializer(value)
        .build();
  }

  private static CodeBlock shape(Shape shape) {
    return CodeBlock.of("new $T($L, $L, $L)", SHAPE, shape.channels(), shape.height(),
        shape.width());
  }

  private static CodeBlock input(InputDecl input) {
    return CodeBlock.of("new $T($L, $L, $L)", SHAPE, input.channels(), input.height(),
        input.width());
  }

  private static CodeBlock conventions(LayerConventions c) {
    return CodeBlock.of("new $T($L, $L, $L, $T.$L, $L)", LAYER_CONVENTIONS, c.convBias(),
        c.batchNormEpsilon(), c.batchNormDecay(), StridePlacement.class, c.bottleneckStride(),
        c.zeroInitResidual());
  }

  /** {@code 269_722L}: grouped so a reader sees the magnitude. */
  private static String longLiteral(long value) {
    return String.format(Locale.ROOT, "%,d", value).replace(',', '_') + "L";
  }
}
