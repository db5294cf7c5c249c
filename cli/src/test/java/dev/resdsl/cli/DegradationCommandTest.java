package dev.resdsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code resdsl degradation} on a slice of the real Fashion-MNIST, for one network. */
class DegradationCommandTest {
  @Test
  void oneNetworkGivesItsRowItsCurvesAndAOnePanelFigure(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    Cli cli = Cli.run("degradation", "--networks", "resnet-20", "--epochs", "1", "--every", "1",
        "--train-images", "256", "--test-images", "128", "--seed", "3", "--out", out.toString());
    assertEquals(0, cli.status(), cli.err());
    assertEquals(ResDsl.backendLine(), cli.err().lines().findFirst().orElseThrow(), cli.err());
    assertTrue(cli.err().contains("256 training images") && cli.err().contains("seed 3"),
        cli.err());
    List<String> table = cli.out().lines().filter(l -> l.startsWith("| ")).toList();
    assertEquals(2, table.size(), cli.out());
    assertTrue(table.get(1).startsWith("| ResNet-20 | 269,434 |"), table.get(1));
    List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
    // Two steps of 128 images, a window each, and the epoch's test point.
    assertEquals(List.of("ResNet-20,train,1", "ResNet-20,train,2", "ResNet-20,test,2"),
        curves.stream().skip(1).map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1)))
            .toList());
    BufferedImage figure = ImageIO.read(out.resolve("figure.png").toFile());
    assertEquals(640, figure.getWidth(), "the ResNets' panel only");
    assertTrue(Files.exists(out.resolve("FashionResNet20").resolve("checkpoint.zip")));
  }
}
