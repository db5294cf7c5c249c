package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in data set: reproducible, balanced, and of the intended difficulty. */
class SyntheticImagesTest {
  private static final Shape CIFAR = new Shape(3, 32, 32);

  @Test
  void theSameSeedDrawsTheSamePixels() throws Exception {
    ImageDataset a = new SyntheticImages(CIFAR).draw(30, 7);
    ImageDataset b = new SyntheticImages(CIFAR).draw(30, 7);
    ImageDataset c = new SyntheticImages(CIFAR).draw(30, 8);
    for (int i = 0; i < 30; i++) {
      assertArrayEquals(a.image(i), b.image(i));
      assertFalse(java.util.Arrays.equals(a.image(i), c.image(i)));
    }
    // Image i depends on the seed and i alone, not on how many are drawn.
    assertArrayEquals(a.image(3), new SyntheticImages(CIFAR).draw(4, 7).image(3));
  }

  @Test
  void classesAreBalancedAndTestImagesAreOthers() throws Exception {
    DataSplit data = new SyntheticImages(CIFAR).split(600, 3);
    assertEquals(600, data.train().size());
    assertEquals(100, data.test().size());
    assertArrayEquals(
        new int[] {60, 60, 60, 60, 60, 60, 60, 60, 60, 60}, data.train().classCounts());
    assertArrayEquals(
        new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, data.test().classCounts());
    assertEquals(SyntheticImages.CLASS_NAMES, data.train().classNames());
    assertFalse(java.util.Arrays.equals(data.train().image(0), data.test().image(0)));
  }

  @Test
  void partsInOrderAreTheWholeSplitPixelForPixelWithBalancedClasses() throws Exception {
    SyntheticImages synthetic = new SyntheticImages(CIFAR);
    DataSplit whole = synthetic.split(203, 5);
    int parts = 3;
    int train = 0;
    int test = 0;
    for (int part = 0; part < parts; part++) {
      ImageDataset trainPart = synthetic.trainingPart(203, 5, part, parts);
      ImageDataset testPart = synthetic.testPart(203, 5, part, parts);
      for (int i = 0; i < trainPart.size(); i++, train++) {
        assertArrayEquals(whole.train().image(train), trainPart.image(i));
        assertEquals(whole.train().label(train), trainPart.label(i));
      }
      for (int i = 0; i < testPart.size(); i++, test++) {
        assertArrayEquals(whole.test().image(test), testPart.image(i));
        assertEquals(whole.test().label(test), testPart.label(i));
      }
      // A run of 67 or 68 images: every class 6 or 7 times, none left out.
      for (int count : trainPart.classCounts()) {
        assertTrue(count >= 6 && count <= 7, java.util.Arrays.toString(trainPart.classCounts()));
      }
    }
    assertEquals(203, train);
    assertEquals(33, test);
  }

  @Test
  void drawsTheModelsInputShapeWithoutNotice() throws Exception {
    List<String> notices = new ArrayList<>();
    DataSplit grey = DataSources.load("synthetic:120", new Shape(1, 28, 28), 1, notices::add);
    assertEquals(new Shape(1, 28, 28), grey.train().shape());
    assertEquals(120, grey.train().size());
    assertEquals(20, grey.test().size());
    DataSplit wide = DataSources.load("synthetic:12", new Shape(3, 24, 40), 1, notices::add);
    assertEquals(new Shape(3, 24, 40), wide.test().shape());
    assertEquals(List.of(), notices);
    assertEquals(
        6000, DataSources.load("synthetic", new Shape(1, 4, 4), 1, notices::add).train().size());
  }

  @Test
  void fewerClassesCanBeDrawn() throws Exception {
    ImageDataset two = new SyntheticImages(CIFAR, 2).draw(10, 1);
    assertEquals(List.of("disc", "ring"), two.classNames());
    assertArrayEquals(new int[] {5, 5}, two.classCounts());
  }

  /**
   * A linear model of 4x4-pooled pixels learns the hue, which gives away the pair of classes, and
   * little more: well above chance (10%), well below what a convolutional network reaches.
   */
  @Test
  void aLinearModelLearnsSomeButNotAll() throws Exception {
    DataSplit data = new SyntheticImages(CIFAR).split(2000, 1000, 11);
    LinearProbe probe = new LinearProbe(4, 10).fit(data.train(), 150);
    double accuracy = probe.accuracy(data.test());
    assertTrue(accuracy > 0.3 && accuracy < 0.7, "linear accuracy " + accuracy);
  }

  /** Without colour, a linear model is worse still: the shapes need convolutions. */
  @Test
  void greyImagesAreHarderForALinearModel() throws Exception {
    DataSplit data = new SyntheticImages(new Shape(1, 32, 32)).split(2000, 1000, 11);
    LinearProbe probe = new LinearProbe(4, 10).fit(data.train(), 150);
    double accuracy = probe.accuracy(data.test());
    assertTrue(accuracy > 0.12 && accuracy < 0.4, "linear accuracy " + accuracy);
  }
}
