package dev.resdsl.processor.extract;

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
 * wrote explicitly (where diagnostics are placed).
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

  /** The value the source wrote for {@code name}, if it wrote one. */
  Optional<AnnotationValue> explicit(String name) {
    return Optional.ofNullable(explicit.get(name));
  }

  int intValue(String name) {
    return get(name, Integer.class);
  }

  long longValue(String name) {
    Object value = raw(name);
    if (value instanceof Number number && !(value instanceof Double || value instanceof Float)) {
      return number.longValue();
    }
    throw new MalformedAnnotationException(name, value);
  }

  double doubleValue(String name) {
    Object value = raw(name);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new MalformedAnnotationException(name, value);
  }

  boolean booleanValue(String name) {
    return get(name, Boolean.class);
  }

  String stringValue(String name) {
    return get(name, String.class);
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    VariableElement constant = get(name, VariableElement.class);
    try {
      return Enum.valueOf(type, constant.getSimpleName().toString());
    } catch (IllegalArgumentException e) {
      throw new MalformedAnnotationException(name, constant);
    }
  }

  AnnotationMirror annotationValue(String name) {
    return get(name, AnnotationMirror.class);
  }

  /** The annotations of an array attribute, in source order. */
  List<AnnotationMirror> annotationsValue(String name) {
    Object value = raw(name);
    if (!(value instanceof List<?> list)) {
      throw new MalformedAnnotationException(name, value);
    }
    List<AnnotationMirror> mirrors = new ArrayList<>();
    for (Object element : list) {
      Object inner = element instanceof AnnotationValue av ? av.getValue() : element;
      if (!(inner instanceof AnnotationMirror annotation)) {
        throw new MalformedAnnotationException(name, inner);
      }
      mirrors.add(annotation);
    }
    return mirrors;
  }

  private <T> T get(String name, Class<T> type) {
    Object value = raw(name);
    if (!type.isInstance(value)) {
      throw new MalformedAnnotationException(name, value);
    }
    return type.cast(value);
  }

  private Object raw(String name) {
    AnnotationValue value = values.get(name);
    if (value == null) {
      throw new MalformedAnnotationException(name, null);
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
