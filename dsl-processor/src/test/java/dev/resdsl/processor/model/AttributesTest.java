package dev.resdsl.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.annotations.Input;
import dev.resdsl.processor.ResDslProcessor;
import dev.resdsl.processor.model.Attributes.Attribute;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attribute catalogue against the annotations themselves, by reflection: a renamed, added or
 * removed annotation method fails here instead of silently losing a diagnostic's position.
 */
class AttributesTest {

  /** Every enum of the catalogue, each named after the annotation it describes. */
  static Stream<Class<?>> catalogue() {
    return Arrays.stream(Attributes.Attribute.class.getPermittedSubclasses());
  }

  @ParameterizedTest
  @MethodSource("catalogue")
  void eachEnumNamesTheMethodsOfItsAnnotationExactly(Class<?> attributes) throws Exception {
    Class<?> annotation = Class.forName("dev.resdsl.annotations." + attributes.getSimpleName());
    assertTrue(annotation.isAnnotation(), annotation + " is not an annotation type");
    Set<String> methods = Arrays.stream(annotation.getDeclaredMethods())
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> constants = Arrays.stream(attributes.getEnumConstants())
        .map(constant -> ((Attribute) constant).methodName())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(methods, constants, attributes.getSimpleName());
  }

  @ParameterizedTest
  @MethodSource("catalogue")
  void constantNamesSpellTheirMethodNames(Class<?> attributes) {
    // FILTERS for filters(), EXPECT_PARAMETERS for expectParameters(): a reader finds one from
    // the other.
    for (Object constant : attributes.getEnumConstants()) {
      String method = ((Attribute) constant).methodName();
      assertEquals(method.replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT),
          ((Enum<?>) constant).name());
    }
  }

  @Test
  void everyAnnotationTheProcessorReadsHasItsEnum() {
    Set<String> read = new TreeSet<>(new ResDslProcessor().getSupportedAnnotationTypes());
    // @Input is no annotation of a spec type, but nested in @Network.
    read.add(Input.class.getCanonicalName());
    assertEquals(read, catalogue()
        .map(attributes -> "dev.resdsl.annotations." + attributes.getSimpleName())
        .collect(Collectors.toCollection(TreeSet::new)));
  }
}
