package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of PNG images written here, one sub-folder a class. */
class ImageFoldersTest {
  private static final Shape MODEL = new Shape(3, 8, 8);

  @TempDir Path dir;

  @Test
  void splitsEachClassNinetyTen() throws Exception {
    // Sub-folder names are the classes, sorted: "cats" before "dogs".
    writeImages(dir.resolve("dogs"), 20, 0x0000FF);
    writeImages(dir.resolve("cats"), 10, 0xFF0000);
    Files.writeString(dir.resolve("README.txt"), "files beside the class folders are ignored");
    Files.writeString(dir.resolve("cats/.DS_Store"), "hidden files too");
    List<String> notices = new ArrayList<>();
    DataSplit data = DataSources.load("folder:" + dir, MODEL, 5, notices::add);
    assertEquals(List.of("cats", "dogs"), data.train().classNames());
    assertArrayEquals(new int[] {9, 18}, data.train().classCounts());
    assertArrayEquals(new int[] {1, 2}, data.test().classCounts());
    assertEquals(List.of(), notices, "8x8 colour images need no conversion");
    // Cats are red, dogs blue: the labels follow the folders.
    for (int i = 0; i < data.train().size(); i++) {
      int red = data.train().pixel(i, 0, 2, 2);
      assertEquals(data.train().label(i) == 0 ? 255 : 0, red);
    }
    // The split is seeded: the same seed holds out the same images, another seed others.
    DataSplit again = DataSources.load("folder:" + dir, MODEL, 5, notice -> {});
    assertArrayEquals(brightness(data.test()), brightness(again.test()));
    boolean differs = false;
    for (long seed = 6; seed < 12 && !differs; seed++) {
      DataSplit other = DataSources.load("folder:" + dir, MODEL, seed, notice -> {});
      differs = !java.util.Arrays.equals(brightness(data.test()), brightness(other.test()));
    }
    assertTrue(differs);
  }

  @Test
  void usesTrainAndTestFoldersWhenPresent() throws Exception {
    writeImages(dir.resolve("train/b"), 3, 0x00FF00);
    writeImages(dir.resolve("train/a"), 2, 0xFFFFFF);
    writeImages(dir.resolve("test/b"), 2, 0x00FF00);
    DataSplit data = DataSources.load("folder:" + dir, MODEL, 1, notice -> {});
    assertEquals(List.of("a", "b"), data.train().classNames());
    assertArrayEquals(new int[] {2, 3}, data.train().classCounts());
    assertArrayEquals(new int[] {0, 2}, data.test().classCounts());
    assertEquals(List.of("a", "b"), data.test().classNames());
  }

  @Test
  void convertsOtherSizesAndGreyImages() throws Exception {
    Path grey = Files.createDirectories(dir.resolve("grey"));
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(3, 3, 0, 200);
    for (int i = 0; i < 3; i++) {
      ImageIO.write(image, "png", grey.resolve(i + ".png").toFile());
    }
    List<String> notices = new ArrayList<>();
    DataSplit data = DataSources.load("folder:" + dir, MODEL, 1, notices::add);
    assertEquals(
        List.of(
            "folder:"
                + dir
                + ": converting 1x16x16 images to the model's input 3x8x8 (resized"
                + " bilinearly, 1 channel replicated to 3)"),
        notices);
    // One pixel of 200 among 16 shrunk by 2 each way: a quarter of it in one output pixel.
    ImageDataset train = data.train();
    assertEquals(new Shape(3, 8, 8), train.shape());
    int total = 0;
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        total += train.pixel(0, 1, y, x);
        assertEquals(train.pixel(0, 0, y, x), train.pixel(0, 2, y, x));
      }
    }
    assertEquals(200 / 4, total, 5);
  }

  @Test
  void anUnreadableImageIsNamed() throws Exception {
    writeImages(dir.resolve("a"), 3, 0x123456);
    writeImages(dir.resolve("b"), 3, 0x654321);
    Path broken = dir.resolve("b/broken.png");
    Files.writeString(broken, "this is no PNG");
    String message =
        assertThrows(
                DataSourceException.class,
                () -> DataSources.load("folder:" + dir, MODEL, 1, notice -> {}))
            .getMessage();
    assertTrue(
        message.startsWith(
            "folder:"
                + dir
                + ": "
                + broken
                + " is not an image javax.imageio reads (PNG, JPEG,"
                + " BMP or GIF); convert or remove it"),
        message);
  }

  @Test
  void aFolderWithoutClassesIsAnError() throws Exception {
    Files.writeString(dir.resolve("image.png"), "");
    String message =
        assertThrows(
                DataSourceException.class,
                () -> DataSources.load("folder:" + dir, MODEL, 1, notice -> {}))
            .getMessage();
    assertTrue(message.contains("has no class folders"), message);
  }

  @Test
  void aTestClassUnknownToTrainingIsAnError() throws Exception {
    writeImages(dir.resolve("train/a"), 2, 0xFFFFFF);
    writeImages(dir.resolve("test/z"), 2, 0xFFFFFF);
    String message =
        assertThrows(
                DataSourceException.class,
                () -> DataSources.load("folder:" + dir, MODEL, 1, notice -> {}))
            .getMessage();
    assertTrue(message.contains(dir.resolve("test/z") + " is a class with no folder in "), message);
  }

  // Each image is one colour, its brightness varying with its number, so the images differ.
  private static void writeImages(Path folder, int count, int rgb) throws IOException {
    Files.createDirectories(folder);
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          image.setRGB(x, y, y == 7 && x == 7 ? i * 10 : rgb);
        }
      }
      ImageIO.write(image, "png", folder.resolve(String.format("%03d.png", i)).toFile());
    }
  }

  private static int[] brightness(ImageDataset data) {
    int[] values = new int[data.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.pixel(i, 2, 7, 7);
    }
    return values;
  }
}
