package dev.resdsl.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The hash that tells the fast inference to fold its weights again. */
class ParameterVersionTest {
  @Test
  void everySingleChangeAndASwapAreNoticedAndNoChangeIsNot() {
    // An odd length and a view at an odd offset: the last float is in no pair of longs.
    INDArray whole = Nd4j.rand(DataType.FLOAT, 1, 1001);
    INDArray values = whole.get(NDArrayIndex.point(0), NDArrayIndex.interval(1, 1001));
    ParameterVersion version = new ParameterVersion(values);
    assertTrue(version.changed(), "the first call");
    assertFalse(version.changed(), "nothing changed");
    whole.putScalar(0, 0, 42f);
    assertFalse(version.changed(), "a value outside the view changed");
    for (int i : new int[] {0, 1, 2, 3, 7, 500, 998, 999}) {
      float old = values.getFloat(i);
      values.putScalar(i, Math.nextUp(old));
      assertTrue(version.changed(), "value " + i + " changed by one ulp");
      values.putScalar(i, old);
      assertTrue(version.changed(), "value " + i + " changed back");
      assertFalse(version.changed(), "value " + i + ": nothing changed since");
    }
    float a = values.getFloat(10);
    float b = values.getFloat(13);
    values.putScalar(10, b);
    values.putScalar(13, a);
    assertTrue(version.changed(), "two values swapped");
  }
}
