package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.train.TrainingCheckpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad data at run time through the command line: each is one line on standard error and status
 * 2, and nothing is written in --out; images of another size are converted with a notice. See
 * RELIABILITY.md.
 */
class BadDataCommandLineTest {

  private static void image(Path file, int width, int height, int type, int rgb)
      throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(width, height, type);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (rgb + 37 * x + 11 * y) & 0xFFFFFF);
      }
    }
    assertTrue(ImageIO.write(image, "png", file.toFile()));
  }

  /** Two classes of four 32x32 RGB images each. */
  private static Path folder(Path dir) throws IOException {
    for (int i = 0; i < 4; i++) {
      image(dir.resolve("cats/" + i + ".png"), 32, 32, BufferedImage.TYPE_INT_RGB, 0x402010 * i);
      image(dir.resolve("dogs/" + i + ".png"), 32, 32, BufferedImage.TYPE_INT_RGB, 0x102040 * i);
    }
    return dir;
  }

  private static Cli train(Path data, Path out) {
    return Cli.run("train", "ResNet20", "--data", "folder:" + data, "--epochs", "1", "--batch",
        "4", "--out", out.toString());
  }

  @Test
  void aCorruptImageInAFolderIsNamedAndNothingIsWritten(@TempDir Path tmp) throws IOException {
    Path data = folder(tmp.resolve("data"));
    Path broken = data.resolve("dogs/broken.png");
    // A real PNG cut in half: the signature reads, the pixels do not.
    byte[] png = Files.readAllBytes(data.resolve("dogs/0.png"));
    Files.write(broken, java.util.Arrays.copyOf(png, png.length / 2));
    Path out = tmp.resolve("run");
    Cli cli = train(data, out).isUsageError();
    assertTrue(cli.err().contains(broken.toString()), cli.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void moreClassesThanTheModelHasIsOneLineAndNothingIsWritten(@TempDir Path tmp)
      throws IOException {
    Path data = tmp.resolve("data");
    for (int c = 0; c < 11; c++) {
      for (int i = 0; i < 2; i++) {
        image(data.resolve("class" + c + "/" + i + ".png"), 32, 32, BufferedImage.TYPE_INT_RGB,
            0x010101 * (20 * c + i));
      }
    }
    Path out = tmp.resolve("run");
    Cli cli = train(data, out).isUsageError();
    assertTrue(cli.err().contains("ResNet20 has 10 classes but folder:" + data + " has 11"),
        cli.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void aCifarLabelOutOfRangeIsOneLineAndNothingIsWritten(@TempDir Path tmp) throws IOException {
    Path data = Files.createDirectories(tmp.resolve("cifar"));
    byte[] records = new byte[3 * 3073];
    records[3073] = 10; // the second record's label: CIFAR-10 has 0..9
    Files.write(data.resolve("data_batch_1.bin"), records);
    Files.write(data.resolve("test_batch.bin"), new byte[3073]);
    Path out = tmp.resolve("run");
    Cli cli = Cli.run("train", "ResNet20", "--data", "cifar10:" + data, "--epochs", "1",
        "--out", out.toString()).isUsageError();
    assertTrue(cli.err().contains("data_batch_1.bin: record 1 has label 10"), cli.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void imagesOfMixedSizesAreConvertedWithOneNoticeAndPredictNamesABadImage(@TempDir Path tmp)
      throws IOException {
    Path data = folder(tmp.resolve("data"));
    image(data.resolve("cats/big.png"), 48, 40, BufferedImage.TYPE_INT_RGB, 0x806040);
    image(data.resolve("dogs/grey.png"), 20, 24, BufferedImage.TYPE_BYTE_GRAY, 0x505050);
    Path out = tmp.resolve("run");
    Cli cli = train(data, out);
    assertEquals(0, cli.status(), cli.err());
    List<String> notices = cli.err().lines().filter(l -> l.contains("converting")).toList();
    assertEquals(List.of("resdsl: folder:" + data + ": converting images of 2 shapes (1x24x20,"
        + " 3x40x48) to the model's input 3x32x32 (resized bilinearly; channels replicated or"
        + " averaged)"), notices, cli.err());
    Path checkpoint = out.resolve(TrainingCheckpoint.FILE_NAME);
    assertTrue(Files.exists(checkpoint));

    // predict converts a single odd-sized image too, and names an unreadable one.
    Cli predict = Cli.run("predict", "ResNet20", "--checkpoint", checkpoint.toString(),
        data.resolve("dogs/grey.png").toString());
    assertEquals(0, predict.status(), predict.err());
    assertTrue(predict.out().startsWith(data.resolve("dogs/grey.png") + ": "), predict.out());
    Path text = tmp.resolve("notes.png");
    Files.writeString(text, "not an image");
    List<String> before = Cli.snapshot(tmp);
    Cli bad = Cli.run("predict", "ResNet20", "--checkpoint", checkpoint.toString(),
        data.resolve("cats/0.png").toString(), text.toString()).isUsageError();
    assertTrue(bad.err().contains(text.toString()), bad.err());
    Cli empty = Cli.run("predict", "ResNet20", "--checkpoint", checkpoint.toString(),
        tmp.resolve("missing.png").toString()).isUsageError();
    assertTrue(empty.err().contains("missing.png"), empty.err());
    assertEquals(before, Cli.snapshot(tmp), "predict writes nothing");
  }
}
