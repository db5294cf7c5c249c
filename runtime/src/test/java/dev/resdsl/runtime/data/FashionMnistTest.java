package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Fashion-MNIST from Debian's dataset-fashion-mnist package, which .ci/run installs; the
 * tests fail rather than skip without it.
 */
class FashionMnistTest {
  @BeforeAll
  static void needsThePackage() {
    assertTrue(
        Files.isDirectory(FashionMnist.DEFAULT_DIR),
        "dataset-fashion-mnist is not installed at " + FashionMnist.DEFAULT_DIR
            + ": apt-get install dataset-fashion-mnist");
  }

  @Test
  void readsSixtyThousandTrainingAndTenThousandTestImages() throws Exception {
    List<String> notices = new ArrayList<>();
    DataSplit data = DataSources.load("fashion-mnist", new Shape(1, 28, 28), 1, notices::add);
    assertEquals(List.of(), notices, "no conversion for a model of Fashion-MNIST's own shape");
    assertEquals(60_000, data.train().size());
    assertEquals(10_000, data.test().size());
    assertEquals(new Shape(1, 28, 28), data.train().shape());
    assertEquals(FashionMnist.CLASS_NAMES, data.train().classNames());
    // The data set is balanced: 6,000 training and 1,000 test images a class.
    for (int count : data.train().classCounts()) {
      assertEquals(6_000, count);
    }
    for (int count : data.test().classCounts()) {
      assertEquals(1_000, count);
    }
    // Its well-known statistics: mean 0.2860, standard deviation 0.3530 on the training images.
    Normalization stats = Normalization.of(data.train());
    assertEquals(0.2860, stats.mean()[0], 5e-4);
    assertEquals(0.3530, stats.std()[0], 5e-4);
    // The first training image is an ankle boot (label 9), the first test image too.
    assertEquals(9, data.train().label(0));
    assertEquals(9, data.test().label(0));
  }

  @Test
  void convertsToTheModelsInputWithANotice() throws Exception {
    List<String> notices = new ArrayList<>();
    DataSplit data = DataSources.load("fashion-mnist", new Shape(3, 32, 32), 1, notices::add);
    assertEquals(
        List.of(
            "fashion-mnist: converting 1x28x28 images to the model's input 3x32x32 (resized"
                + " bilinearly, 1 channel replicated to 3)"),
        notices);
    assertEquals(new Shape(3, 32, 32), data.train().shape());
    assertEquals(60_000, data.train().size());
    assertEquals(10_000, data.test().size());
    assertEquals(9, data.train().label(0));
    // Replicated channels are equal; resizing keeps the mean brightness.
    ImageDataset test = data.test();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        assertEquals(test.pixel(0, 0, y, x), test.pixel(0, 2, y, x));
      }
    }
    float[] mean = Normalization.of(data.train()).mean();
    assertEquals(0.2860, mean[0], 0.005);
    assertEquals(mean[0], mean[1]);
    assertTrue(mean[2] == mean[0]);
  }
}
