package dev.resdsl.processor;

import com.google.auto.service.AutoService;
import dev.resdsl.annotations.Conventions;
import dev.resdsl.annotations.Head;
import dev.resdsl.annotations.Network;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.annotations.ResidualStages;
import dev.resdsl.annotations.Stem;
import dev.resdsl.processor.extract.MalformedAnnotationException;
import dev.resdsl.processor.extract.SpecExtractor;
import dev.resdsl.processor.generate.NetworkWriter;
import dev.resdsl.processor.generate.ServiceRegistration;
import dev.resdsl.processor.infer.NetworkPlan;
import dev.resdsl.processor.infer.ShapeInference;
import dev.resdsl.processor.model.Attributes;
import dev.resdsl.processor.model.NetworkDecl;
import dev.resdsl.processor.model.Site;
import dev.resdsl.processor.validate.DeclarationValidator;
import dev.resdsl.processor.validate.Message;
import dev.resdsl.processor.validate.Messages;
import dev.resdsl.processor.validate.PlanValidator;
import dev.resdsl.processor.validate.Report;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;

/**
 * The ResDSL annotation processor: for every type annotated with {@link Network}, it extracts
 * the declaration, infers shapes, validates, reports every finding on the most precise source
 * position, and generates the network's class when there is no error.
 *
 * <p>This is the only class that sees the {@link RoundEnvironment}; every stage after extraction
 * is a pure function of an immutable model.
 *
 * <p>An unexpected exception (a bug in ResDSL) never reaches javac: it becomes an error on the
 * spec, {@code [ResDSL:InternalError]}, and the other specs are processed all the same. The stack
 * trace is part of that error's text, as AutoValue does it, rather than in NOTE lines: the trace
 * then travels with the error wherever a build tool or IDE shows errors, and cannot be lost to a
 * quiet build that hides notes or be interleaved with other specs' messages.
 */
@AutoService(Processor.class)
public final class ResDslProcessor extends AbstractProcessor {
  private static final List<Class<? extends Annotation>> PARTS =
      List.of(Stem.class, ResidualStage.class, ResidualStages.class, Head.class, Conventions.class);

  /** Qualified names generated so far, so that two specs cannot claim the same class. */
  private final Set<String> generated = new HashSet<>();

  private final ServiceRegistration services = new ServiceRegistration();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new LinkedHashSet<>();
    types.add(Network.class.getCanonicalName());
    PARTS.forEach(part -> types.add(part.getCanonicalName()));
    return types;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(Network.class)) {
      if (element instanceof TypeElement spec) {
        guarded(spec, () -> processSpec(spec));
      }
    }
    for (Class<? extends Annotation> part : PARTS) {
      for (Element element : round.getElementsAnnotatedWith(part)) {
        guarded(element, () -> reportIfOrphan(element, part));
      }
    }
    if (round.processingOver()) {
      try {
        services.write(processingEnv.getFiler());
      } catch (IOException e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            Messages.cannotWrite(ServiceRegistration.PATH, e).printed());
      }
    }
    return false;
  }

  /**
   * Does one element's work so that a bug in it is an error on that element, stack trace
   * included, instead of a crashed compiler; the other elements are processed all the same.
   */
  private void guarded(Element element, Runnable work) {
    try {
      work.run();
    } catch (MalformedAnnotationException javacReportsIt) {
      // The source does not type-check; javac's own error says why.
    } catch (RuntimeException e) {
      String name = element instanceof TypeElement type
          ? type.getQualifiedName().toString()
          : element.getSimpleName().toString();
      error(Messages.internalError(name, e), element);
    }
  }

  private void processSpec(TypeElement spec) {
    AnnotationMirror network = mirrorOf(spec, Network.class);
    if (!isInterfaceOrAbstractClass(spec)) {
      error(Messages.notAbstract(spec.getSimpleName().toString(), describeKind(spec)), spec,
          network);
      return;
    }
    SpecExtractor.Extracted extracted = new SpecExtractor(processingEnv.getElementUtils())
        .extract(spec);
    NetworkDecl decl = extracted.decl();
    Report report = new Report();
    if (decl.stages().isEmpty()) {
      report.error(Site.network(), Messages.noStages(decl.specName()));
    }
    String qualifiedName = decl.packageName().isEmpty()
        ? decl.className()
        : decl.packageName() + "." + decl.className();
    if (generated.contains(qualifiedName) || isForeignType(qualifiedName)) {
      report.error(Site.network(Attributes.Network.NAME), Messages.nameClash(qualifiedName));
    }
    boolean sizesValid = DeclarationValidator.validate(decl, report);
    NetworkPlan plan = ShapeInference.infer(decl);
    // Shapes inferred from a zero size would only repeat that error in other words.
    if (sizesValid && !decl.stages().isEmpty()) {
      PlanValidator.validate(plan, report);
    }
    new DiagnosticPrinter(processingEnv).print(report, extracted.sources());
    if (!report.hasErrors()) {
      generated.add(qualifiedName);
      write(plan, spec);
    }
  }

  private void write(NetworkPlan plan, TypeElement spec) {
    try {
      NetworkWriter.write(plan, spec).writeTo(processingEnv.getFiler());
      services.add(NetworkWriter.factoryBinaryName(plan));
    } catch (FilerException alreadyThere) {
      services.add(NetworkWriter.factoryBinaryName(plan));
      // A non-clean incremental build compiles our earlier output as a source: keep it.
    } catch (IOException e) {
      error(Messages.cannotWrite(plan.decl().className(), e), spec);
    }
  }

  /** Whether a type of that name exists and is not an earlier output of this processor. */
  private boolean isForeignType(String qualifiedName) {
    TypeElement existing = processingEnv.getElementUtils().getTypeElement(qualifiedName);
    if (existing == null) {
      return false;
    }
    return existing.getAnnotationMirrors().stream().noneMatch(mirror ->
        mirror.getAnnotationType().toString().equals("javax.annotation.processing.Generated")
            && mirror.getElementValues().values().stream()
                .anyMatch(v -> namesThisProcessor(v.getValue())));
  }

  /** Whether a {@code @Generated} value, a {@code String[]} seen as a list, names us. */
  private static boolean namesThisProcessor(Object value) {
    if (value instanceof List<?> values) {
      return values.stream().anyMatch(v -> v instanceof AnnotationValue element
          && NetworkWriter.PROCESSOR.equals(element.getValue()));
    }
    return NetworkWriter.PROCESSOR.equals(value);
  }

  /** Reports a stem, stage, head or conventions annotation on a type that lacks {@code @Network}. */
  private void reportIfOrphan(Element element, Class<? extends Annotation> part) {
    if (element.getAnnotation(Network.class) != null) {
      return;
    }
    String name = (part == ResidualStages.class ? ResidualStage.class : part).getSimpleName();
    Message message = Messages.orphan(name, element.getSimpleName().toString());
    AnnotationMirror mirror = mirrorOf(element, part);
    // Repeated stages sit in an implicit container without a source position of its own.
    if (part == ResidualStages.class
        && element instanceof TypeElement type
        && processingEnv.getElementUtils().getOrigin(element, mirror) == Elements.Origin.MANDATED
        && new DiagnosticPrinter(processingEnv)
            .printOnFirstStage(Diagnostic.Kind.ERROR, message, type)) {
      return;
    }
    error(message, element, mirror);
  }

  private void error(Message message, Element element) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message.printed(), element);
  }

  private void error(Message message, Element element, AnnotationMirror mirror) {
    processingEnv.getMessager().printMessage(
        Diagnostic.Kind.ERROR, message.printed(), element, mirror);
  }

  private static AnnotationMirror mirrorOf(Element element, Class<? extends Annotation> type) {
    return SpecExtractor.find(element, type)
        .orElseThrow(() -> new IllegalStateException(element + " lacks @" + type.getSimpleName()));
  }

  private static boolean isInterfaceOrAbstractClass(TypeElement type) {
    return type.getKind() == ElementKind.INTERFACE
        || (type.getKind() == ElementKind.CLASS && type.getModifiers().contains(Modifier.ABSTRACT));
  }

  private static String describeKind(TypeElement type) {
    return switch (type.getKind()) {
      case CLASS -> "a concrete class";
      case ENUM -> "an enum";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> "a " + type.getKind().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
