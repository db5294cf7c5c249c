package dev.resdsl.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.resdsl.annotations.ResidualStage;
import dev.resdsl.processor.extract.SourceMap;
import dev.resdsl.processor.model.Attributes.Attribute;
import dev.resdsl.processor.validate.Message;
import dev.resdsl.processor.validate.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Prints a spec's findings at the most precise source position: the annotation value, else the
 * annotation, else the type.
 *
 * <p>javac's {@link Messager} cannot place a message on a repeated annotation (it only knows the
 * implicit container, which has no source position), so for those the printer finds the
 * annotation's tree itself through the compiler tree API, where the compiler offers it.
 */
final class DiagnosticPrinter {
  private static final String STAGE_ANNOTATION = ResidualStage.class.getSimpleName();

  private final Messager messager;
  private final Optional<Trees> trees;

  DiagnosticPrinter(ProcessingEnvironment env) {
    this.messager = env.getMessager();
    this.trees = treesOf(env);
  }

  private static Optional<Trees> treesOf(ProcessingEnvironment env) {
    try {
      return Optional.of(Trees.instance(env));
    } catch (IllegalArgumentException | LinkageError notJavac) {
      return Optional.empty();
    }
  }

  void print(Report report, SourceMap sources) {
    for (dev.resdsl.processor.validate.Diagnostic finding : report.diagnostics()) {
      Diagnostic.Kind kind = finding.kind() == dev.resdsl.processor.validate.Diagnostic.Kind.ERROR
          ? Diagnostic.Kind.ERROR
          : Diagnostic.Kind.WARNING;
      SourceMap.Location at = sources.locate(finding.site());
      String text = finding.message().printed();
      if (at.repeatedIndex() >= 0 && printOnRepeated(kind, text, at)) {
        continue;
      }
      if (at.annotation().isEmpty()) {
        messager.printMessage(kind, text, at.element());
      } else if (at.value().isEmpty()) {
        messager.printMessage(kind, text, at.element(), at.annotation().get());
      } else {
        messager.printMessage(kind, text, at.element(), at.annotation().get(), at.value().get());
      }
    }
  }

  /** Prints on the first repeated {@code @ResidualStage} of {@code type}; false if not found. */
  boolean printOnFirstStage(Diagnostic.Kind kind, Message message, TypeElement type) {
    return printOnRepeated(kind, message.printed(),
        new SourceMap.Location(type, Optional.empty(), Optional.empty(), 0, Optional.empty()));
  }

  /** Prints on the n-th {@code @ResidualStage} tree of the spec; false if it cannot be found. */
  private boolean printOnRepeated(Diagnostic.Kind kind, String message, SourceMap.Location at) {
    if (trees.isEmpty()) {
      return false;
    }
    TreePath path = trees.get().getPath(at.element());
    if (path == null || !(path.getLeaf() instanceof ClassTree type)) {
      return false;
    }
    List<AnnotationTree> stages = new ArrayList<>();
    for (AnnotationTree annotation : type.getModifiers().getAnnotations()) {
      String name = annotation.getAnnotationType().toString();
      if (name.equals(STAGE_ANNOTATION) || name.endsWith("." + STAGE_ANNOTATION)) {
        stages.add(annotation);
      }
    }
    if (at.repeatedIndex() >= stages.size()) {
      return false;
    }
    AnnotationTree stage = stages.get(at.repeatedIndex());
    Tree target = at.attribute().flatMap(attribute -> valueTree(stage, attribute)).orElse(stage);
    trees.get().printMessage(kind, message, target, path.getCompilationUnit());
    return true;
  }

  private static Optional<Tree> valueTree(AnnotationTree annotation, Attribute attribute) {
    for (ExpressionTree argument : annotation.getArguments()) {
      if (argument instanceof AssignmentTree assignment
          && assignment.getVariable() instanceof IdentifierTree name
          && name.getName().contentEquals(attribute.methodName())) {
        return Optional.of(assignment.getExpression());
      }
    }
    return Optional.empty();
  }
}
