package dev.resdsl.processor.extract;

import dev.resdsl.processor.model.Attributes.Attribute;
import dev.resdsl.processor.model.Site;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * Maps the sites of a spec's model back to the compiler's elements, annotation mirrors and
 * values, so that a diagnostic lands on the most precise source position there is: the value,
 * else the annotation, else the type.
 */
public final class SourceMap {
  private final TypeElement spec;
  private final Map<Site, AnnotationAttributes> annotations = new HashMap<>();
  private final Set<Site> repeated = new HashSet<>();

  SourceMap(TypeElement spec) {
    this.spec = spec;
  }

  void put(Site wholeAnnotation, AnnotationAttributes attributes) {
    annotations.put(wholeAnnotation, attributes);
  }

  /** Records a stage that javac folded into the implicit {@code @ResidualStages} container. */
  void putRepeated(Site wholeAnnotation, AnnotationAttributes attributes) {
    put(wholeAnnotation, attributes);
    repeated.add(wholeAnnotation);
  }

  /** The spec type. */
  public TypeElement spec() {
    return spec;
  }

  /** Where a site is in the source. */
  public Location locate(Site site) {
    AnnotationAttributes attributes = annotations.get(site.wholeAnnotation());
    if (attributes == null || attributes.mirror().isEmpty()) {
      // A defaulted @Head or @Conventions has no source; the network's annotation is next best.
      AnnotationAttributes network = annotations.get(Site.network());
      return network == null || site.annotation() == Site.Annotation.TYPE
          ? new Location(spec, Optional.empty(), Optional.empty(), -1, Optional.empty())
          : new Location(spec, network.mirror(), Optional.empty(), -1, Optional.empty());
    }
    Optional<AnnotationValue> value = site.attribute().flatMap(attributes::explicit);
    boolean inContainer = repeated.contains(site.wholeAnnotation());
    return new Location(spec, attributes.mirror(), value, inContainer ? site.stage() : -1,
        value.isPresent() ? site.attribute() : Optional.empty());
  }

  /**
   * A source position as {@code Messager} takes it.
   *
   * @param element the spec
   * @param annotation the annotation, if the site is on one
   * @param value the annotation value, if the source wrote it
   * @param repeatedIndex for a repeated {@code @ResidualStage}, its index among them, else -1:
   *     javac's {@code Messager} cannot find annotations inside an implicit container
   * @param attribute the attribute {@code value} belongs to, if there is a value
   */
  public record Location(
      TypeElement element,
      Optional<AnnotationMirror> annotation,
      Optional<AnnotationValue> value,
      int repeatedIndex,
      Optional<Attribute> attribute) {}
}
