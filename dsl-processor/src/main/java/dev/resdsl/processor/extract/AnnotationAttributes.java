package dev.resdsl.processor.extract;

import dev.resdsl.processor.model.Attributes.Attribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Typed access to one annotation's attributes, defaults applied, and to the values the source
 * wrote explicitly (where diagnostics are placed). Attributes are named by the constants of
 * {@link dev.resdsl.processor.model.Attributes}; the maps are keyed by the compiler's method names.
 */
final class AnnotationAttributes {
  private final Optional<AnnotationMirror> mirror;
  private final Map<String, AnnotationValue> values = new HashMap<>();
  private final Map<String, AnnotationValue> explicit = new HashMap<>();

  private AnnotationAttributes(Optional<AnnotationMirror> mirror) {
    this.mirror = mirror;
  }

  /** The attributes of an annotation present in the source. */
  static AnnotationAttributes of(AnnotationMirror mirror, Elements elements) {
    AnnotationAttributes attributes = new AnnotationAttributes(Optional.of(mirror));
    elements.getElementValuesWithDefaults(mirror)
        .forEach((method, value) -> attributes.values.put(name(method), value));
    mirror.getElementValues()
        .forEach((method, value) -> attributes.explicit.put(name(method), value));
    return attributes;
  }

  /** The defaults of an annotation type, for a spec that does not carry that annotation. */
  static AnnotationAttributes defaultsOf(TypeElement annotationType) {
    AnnotationAttributes attributes = new AnnotationAttributes(Optional.empty());
    for (ExecutableElement method : ElementFilter.methodsIn(annotationType.getEnclosedElements())) {
      if (method.getDefaultValue() != null) {
        attributes.values.put(name(method), method.getDefaultValue());
      }
    }
    return attributes;
  }

  private static String name(ExecutableElement method) {
    return method.getSimpleName().toString();
  }

  Optional<AnnotationMirror> mirror() {
    return mirror;
  }

  /** The value the source wrote for {@code attribute}, if it wrote one. */
  Optional<AnnotationValue> explicit(Attribute attribute) {
    return Optional.ofNullable(explicit.get(attribute.methodName()));
  }

  int intValue(Attribute attribute) {
    return get(attribute, Integer.class);
  }

  long longValue(Attribute attribute) {
    Object value = raw(attribute);
    if (value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
      return number.longValue();
    }
    throw new MalformedAnnotationException(attribute, value);
  }

  double doubleValue(Attribute attribute) {
    Object value = raw(attribute);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new MalformedAnnotationException(attribute, value);
  }

  boolean booleanValue(Attribute attribute) {
    return get(attribute, Boolean.class);
  }

  String stringValue(Attribute attribute) {
    return get(attribute, String.class);
  }

  <E extends Enum<E>> E enumValue(Attribute attribute, Class<E> type) {
    VariableElement constant = get(attribute, VariableElement.class);
    try {
      return Enum.valueOf(type, constant.getSimpleName().toString());
    } catch (IllegalArgumentException e) {
      throw new MalformedAnnotationException(attribute, constant);
    }
  }

  AnnotationMirror annotationValue(Attribute attribute) {
    return get(attribute, AnnotationMirror.class);
  }

  /** The annotations of an array attribute, in source order. */
  List<AnnotationMirror> annotationsValue(Attribute attribute) {
    Object value = raw(attribute);
    if (!(value instanceof List<?> list)) {
      throw new MalformedAnnotationException(attribute, value);
    }
    List<AnnotationMirror> mirrors = new ArrayList<>();
    for (Object element : list) {
      Object inner = element instanceof AnnotationValue av ? av.getValue() : element;
      if (!(inner instanceof AnnotationMirror annotation)) {
        throw new MalformedAnnotationException(attribute, inner);
      }
      mirrors.add(annotation);
    }
    return mirrors;
  }

  private <T> T get(Attribute attribute, Class<T> type) {
    Object value = raw(attribute);
    if (!type.isInstance(value)) {
      throw new MalformedAnnotationException(attribute, value);
    }
    return type.cast(value);
  }

  private Object raw(Attribute attribute) {
    AnnotationValue value = values.get(attribute.methodName());
    if (value == null) {
      throw new MalformedAnnotationException(attribute, null);
    }
    return value.getValue();
  }

  /** Whether an element's annotation is of the given type. */
  static boolean isOfType(AnnotationMirror mirror, Class<?> annotationType) {
    Element type = mirror.getAnnotationType().asElement();
    return type instanceof TypeElement t
        && t.getQualifiedName().contentEquals(annotationType.getCanonicalName());
  }
}
