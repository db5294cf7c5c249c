package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.resdsl.runtime.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Measuring a normalisation and storing it as text. */
class NormalizationTest {
  @Test
  void measuresEachChannel() {
    // Channel 0: 0 and 255 (mean 0.5, std 0.5); channel 1: constant 51 (mean 0.2, std 1 by rule).
    byte[] pixels = {0, (byte) 255, 51, 51};
    ImageDataset data = ImageDataset.of(new Shape(2, 1, 2), pixels, new int[] {0}, List.of("only"));
    Normalization n = Normalization.of(data);
    assertArrayEquals(new float[] {0.5f, 0.2f}, n.mean(), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 1f}, n.std(), 1e-6f);
  }

  @Test
  void roundTripsThroughText() throws Exception {
    Normalization cifar =
        new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.247f, 0.243f, 0.261f});
    assertEquals("0.4914,0.4822,0.4465;0.247,0.243,0.261", cifar.toString());
    assertEquals(cifar, Normalization.parse(cifar.toString()));
    Normalization measured = Normalization.of(new SyntheticImages(new Shape(3, 8, 8)).draw(20, 2));
    assertEquals(measured, Normalization.parse(measured.toString()));
    assertEquals(measured.hashCode(), Normalization.parse(measured.toString()).hashCode());
  }

  @Test
  void rejectsMalformedText() {
    for (String text : List.of("", "0.5", "0.5;", "0.5;0", "0.5,0.4;0.2", "a;b", "0.5;0.2;0.1")) {
      assertThrows(IllegalArgumentException.class, () -> Normalization.parse(text), text);
    }
  }

  @Test
  void isImmutable() {
    float[] mean = {0.1f};
    Normalization n = new Normalization(mean, new float[] {0.2f});
    mean[0] = 9;
    n.mean()[0] = 9;
    assertEquals(0.1f, n.mean()[0]);
  }
}
