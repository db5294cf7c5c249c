package dev.resdsl.processor.model;

/**
 * Where in a spec a diagnostic belongs: an annotation of the spec and, optionally, one of its
 * attributes. The processor maps a site back to the source position; the model itself holds no
 * compiler types.
 *
 * @param annotation which annotation
 * @param stage the stage's index (0-based) for {@link Annotation#RESIDUAL_STAGE}, else -1
 * @param attribute the attribute's name, or the empty string for the whole annotation
 */
public record Site(Annotation annotation, int stage, String attribute) {
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
    return new Site(Annotation.TYPE, -1, "");
  }

  /** An attribute of {@code @Network}, or the annotation when {@code attribute} is empty. */
  public static Site network(String attribute) {
    return new Site(Annotation.NETWORK, -1, attribute);
  }

  /** An attribute of the nested {@code @Input}. */
  public static Site input(String attribute) {
    return new Site(Annotation.INPUT, -1, attribute);
  }

  /** An attribute of {@code @Stem}. */
  public static Site stem(String attribute) {
    return new Site(Annotation.STEM, -1, attribute);
  }

  /** An attribute of the {@code index}-th {@code @ResidualStage} (0-based). */
  public static Site stage(int index, String attribute) {
    return new Site(Annotation.RESIDUAL_STAGE, index, attribute);
  }

  /** An attribute of {@code @Head}. */
  public static Site head(String attribute) {
    return new Site(Annotation.HEAD, -1, attribute);
  }

  /** An attribute of {@code @Conventions}. */
  public static Site conventions(String attribute) {
    return new Site(Annotation.CONVENTIONS, -1, attribute);
  }

  /** The same annotation without the attribute. */
  public Site wholeAnnotation() {
    return new Site(annotation, stage, "");
  }
}
