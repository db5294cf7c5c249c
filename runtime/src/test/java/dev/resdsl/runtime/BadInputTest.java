package dev.resdsl.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.data.ImageDataset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Bad input at run time, beyond {@link ResidualNetworkTest}'s shapes, null and empty batches:
 * non-finite pixels, every non-floating-point type, and labels outside the classes. Each is one
 * clear {@link IllegalArgumentException}, before anything is computed. See RELIABILITY.md.
 */
class BadInputTest {
  private static TinyNet net;

  @BeforeAll
  static void createNetwork() {
    net = TinyNet.create(42);
  }

  private static INDArray imagesWith(DataType type, float... bad) {
    INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9);
    for (int i = 0; i < bad.length; i++) {
      images.putScalar(new long[] {i % 2, i % 3, i, 8 - i}, bad[i]);
    }
    return images.castTo(type);
  }

  @Test
  void nonFinitePixelsAreCountedAndRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.predict(imagesWith(DataType.FLOAT, Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY)));
    assertEquals("TinyNet expects finite pixel values, got 3 non-finite (1 NaN, 2 infinite)"
        + " in images of shape [2, 3, 9, 9]", e.getMessage());
  }

  @Test
  void nonFinitePixelsAreRefusedInEveryFloatingPointTypeAndByFeatures() {
    for (DataType type : List.of(DataType.DOUBLE, DataType.HALF, DataType.BFLOAT16)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.predict(imagesWith(type, Float.NaN)), type.toString());
      assertTrue(e.getMessage().contains("got 1 non-finite (1 NaN, 0 infinite)"), e.getMessage());
    }
    String stage = TinyNet.DESCRIPTION.stages().get(0).name();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.features(stage, imagesWith(DataType.FLOAT, Float.POSITIVE_INFINITY)));
    assertTrue(e.getMessage().contains("1 non-finite (0 NaN, 1 infinite)"), e.getMessage());
  }

  @Test
  void aFiniteExtremePixelPassesTheCheckAndPredictsFiniteProbabilitiesAsTheGraphDoes() {
    INDArray images = imagesWith(DataType.FLOAT);
    images.putScalar(new long[] {0, 0, 0, 0}, Float.MAX_VALUE); // large is not infinite
    INDArray p = net.predict(images);
    assertArrayEquals(new long[] {2, 5}, p.shape());
    // What Deeplearning4j's own layers compute from the same images, unchecked.
    INDArray graph = net.graph().outputSingle(false, images.dup());
    assertEquals(0, p.sub(graph).amaxNumber().doubleValue(), 1e-6, p + " vs " + graph);
    for (int i = 0; i < 2; i++) {
      assertTrue(BooleanIndexing.and(p.getRow(i), Conditions.isFinite()), p.toString());
      assertEquals(1, p.getRow(i).sumNumber().doubleValue(), 1e-5, p.toString());
    }
    // The other image's probabilities are its own: what it gets alone.
    INDArray alone = net.predict(images.get(NDArrayIndex.interval(1, 2)).dup());
    assertEquals(0, p.getRow(1).sub(alone.getRow(0)).amaxNumber().doubleValue(), 1e-6);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DataType.class,
      names = {"BOOL", "BYTE", "UBYTE", "SHORT", "INT", "LONG"})
  void nonFloatingPointImagesAreRefusedByType(DataType type) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.predict(Nd4j.zeros(DataType.FLOAT, 1, 3, 9, 9).castTo(type)));
    assertEquals("TinyNet expects floating-point images, got " + type
        + "; convert them with castTo(DataType.FLOAT)", e.getMessage());
  }

  @Test
  void anEmptyBatchOfAnotherShapeNamesTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net.predict(Nd4j.create(DataType.FLOAT, 0, 1, 9, 9)));
    assertEquals("TinyNet expects images of shape [N, 3, 9, 9], got [0, 1, 9, 9]",
        e.getMessage());
  }

  @Test
  void labelsOutsideTheClassesAreRefusedNamingTheImage() {
    Shape shape = new Shape(1, 2, 2);
    byte[] pixels = new byte[3 * 4];
    List<String> classes = List.of("a", "b");
    IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
        () -> ImageDataset.of(shape, pixels, new int[] {0, 1, 2}, classes));
    assertEquals("image 2 has label 2, not in 0..1", high.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> ImageDataset.of(shape, pixels, new int[] {-1, 0, 1}, classes));
    assertEquals("image 0 has label -1, not in 0..1", negative.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> ImageDataset.of(shape, pixels, new int[] {0, 1}, classes));
    assertEquals("12 pixel values are not 2 images of " + shape, count.getMessage());
  }
}
