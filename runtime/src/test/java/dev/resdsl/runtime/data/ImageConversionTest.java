package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resizing and channel conversion of whole data sets. */
class ImageConversionTest {
  private static DataSplit split(ImageDataset data) {
    return new DataSplit(data, data);
  }

  @Test
  void aFlatImageStaysFlatAtAnySize() throws Exception {
    Shape from = new Shape(3, 7, 5);
    byte[] pixels = new byte[(int) from.size()];
    java.util.Arrays.fill(pixels, 0, 35, (byte) 10);
    java.util.Arrays.fill(pixels, 35, 70, (byte) 128);
    java.util.Arrays.fill(pixels, 70, 105, (byte) 250);
    ImageDataset data = ImageDataset.of(from, pixels, new int[] {0}, List.of("x"));
    for (Shape to : List.of(new Shape(3, 32, 32), new Shape(3, 2, 3), new Shape(3, 7, 40))) {
      ImageDataset converted = ImageConversion.convert(split(data), to, "s", n -> {}).train();
      assertEquals(to, converted.shape());
      for (int y = 0; y < to.height(); y++) {
        for (int x = 0; x < to.width(); x++) {
          assertEquals(10, converted.pixel(0, 0, y, x));
          assertEquals(128, converted.pixel(0, 1, y, x));
          assertEquals(250, converted.pixel(0, 2, y, x));
        }
      }
    }
  }

  @Test
  void enlargingInterpolatesBetweenPixelCentres() throws Exception {
    // 0 and 200 side by side, doubled: centres at 0.5 and 1.5 input pixels -> 0, 50, 150, 200.
    ImageDataset data =
        ImageDataset.of(
            new Shape(1, 1, 2), new byte[] {0, (byte) 200}, new int[] {0}, List.of("x"));
    ImageDataset wide =
        ImageConversion.convert(split(data), new Shape(1, 1, 4), "s", n -> {}).train();
    assertEquals(List.of(0, 50, 150, 200), row(wide, 4));
  }

  @Test
  void theSameShapeIsLeftAlone() throws Exception {
    DataSplit data = split(new SyntheticImages(new Shape(3, 8, 8)).draw(2, 1));
    List<String> notices = new ArrayList<>();
    assertSame(data, ImageConversion.convert(data, new Shape(3, 8, 8), "s", notices::add));
    assertEquals(List.of(), notices);
  }

  @Test
  void channelsAreReplicatedOrAveragedOnly() throws Exception {
    Shape four = new Shape(4, 2, 2);
    ImageDataset data = ImageDataset.of(four, new byte[16], new int[] {0}, List.of("x"));
    DataSourceException e =
        assertThrows(
            DataSourceException.class,
            () -> ImageConversion.convert(split(data), new Shape(3, 2, 2), "folder:/p", n -> {}));
    assertEquals(
        "folder:/p: cannot convert 4-channel images to the model's 3 channels (only 1 to any, by"
            + " replicating, and 3 to 1, by averaging); use a model with 4 input channels",
        e.getMessage());
    List<String> notices = new ArrayList<>();
    ImageConversion.convert(
        split(new SyntheticImages(new Shape(3, 8, 8)).draw(2, 1)),
        new Shape(1, 16, 16),
        "synthetic",
        notices::add);
    assertEquals(
        List.of(
            "synthetic: converting 3x8x8 images to the model's input 1x16x16 (resized bilinearly,"
                + " 3 channels averaged to 1)"),
        notices);
    assertTrue(notices.get(0).length() < 120);
  }

  private static List<Integer> row(ImageDataset data, int width) {
    List<Integer> row = new ArrayList<>();
    for (int x = 0; x < width; x++) {
      row.add(data.pixel(0, 0, 0, x));
    }
    return row;
  }
}
