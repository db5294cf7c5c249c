package dev.resdsl.processor.model;

import dev.resdsl.processor.model.Attributes.Attribute;
import java.util.Optional;

/**
 * Where in a spec a diagnostic belongs: an annotation of the spec and, optionally, one of its
 * attributes. The processor maps a site back to the source position; the model itself holds no
 * compiler types.
 *
 * <p>The factories take each annotation's own attribute enum, so that a site cannot name an
 * attribute its annotation lacks.
 *
 * @param annotation which annotation
 * @param stage the stage's index (0-based) for {@link Annotation#RESIDUAL_STAGE}, else -1
 * @param attribute the attribute, or empty for the whole annotation
 */
public record Site(Annotation annotation, int stage, Optional<Attribute> attribute) {
  /** The annotations of a spec, and the spec type itself. */
  public enum Annotation {
    TYPE,
    NETWORK,
    INPUT,
    STEM,
    RESIDUAL_STAGE,
    HEAD,
    CONVENTIONS
  }

  /** The spec type as a whole. */
  public static Site type() {
    return new Site(Annotation.TYPE, -1, Optional.empty());
  }

  /** The whole {@code @Network}. */
  public static Site network() {
    return new Site(Annotation.NETWORK, -1, Optional.empty());
  }

  /** An attribute of {@code @Network}. */
  public static Site network(Attributes.Network attribute) {
    return new Site(Annotation.NETWORK, -1, Optional.of(attribute));
  }

  /** The whole nested {@code @Input}. */
  public static Site input() {
    return new Site(Annotation.INPUT, -1, Optional.empty());
  }

  /** An attribute of the nested {@code @Input}. */
  public static Site input(Attributes.Input attribute) {
    return new Site(Annotation.INPUT, -1, Optional.of(attribute));
  }

  /** The whole {@code @Stem}. */
  public static Site stem() {
    return new Site(Annotation.STEM, -1, Optional.empty());
  }

  /** An attribute of {@code @Stem}. */
  public static Site stem(Attributes.Stem attribute) {
    return new Site(Annotation.STEM, -1, Optional.of(attribute));
  }

  /** The whole {@code index}-th {@code @ResidualStage} (0-based). */
  public static Site stage(int index) {
    return new Site(Annotation.RESIDUAL_STAGE, index, Optional.empty());
  }

  /** An attribute of the {@code index}-th {@code @ResidualStage} (0-based). */
  public static Site stage(int index, Attributes.ResidualStage attribute) {
    return new Site(Annotation.RESIDUAL_STAGE, index, Optional.of(attribute));
  }

  /** The whole {@code @Head}. */
  public static Site head() {
    return new Site(Annotation.HEAD, -1, Optional.empty());
  }

  /** An attribute of {@code @Head}. */
  public static Site head(Attributes.Head attribute) {
    return new Site(Annotation.HEAD, -1, Optional.of(attribute));
  }

  /** The whole {@code @Conventions}. */
  public static Site conventions() {
    return new Site(Annotation.CONVENTIONS, -1, Optional.empty());
  }

  /** An attribute of {@code @Conventions}. */
  public static Site conventions(Attributes.Conventions attribute) {
    return new Site(Annotation.CONVENTIONS, -1, Optional.of(attribute));
  }

  /** The same annotation without the attribute. */
  public Site wholeAnnotation() {
    return new Site(annotation, stage, Optional.empty());
  }
}
