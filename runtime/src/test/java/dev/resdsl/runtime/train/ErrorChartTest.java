package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.train.ErrorChart.Curve;
import dev.resdsl.runtime.train.ErrorChart.Key;
import dev.resdsl.runtime.train.ErrorChart.Panel;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The chart behind training.png and the degradation figure, read back pixel by pixel. */
class ErrorChartTest {
  private static final Color RED = new Color(0xff0000);
  private static final Color BLUE = new Color(0x0000ff);

  @Test
  void ticksAreRoundStepsOfAboutEightPerAxis() {
    assertEquals(1, ErrorChart.tickStep(5), 1e-12);
    assertEquals(2, ErrorChart.tickStep(16), 1e-12);
    assertEquals(200, ErrorChart.tickStep(938), 1e-9);
    assertEquals(2000, ErrorChart.tickStep(14_070), 1e-9);
    assertEquals(0.1, ErrorChart.tickStep(0.5), 1e-12);
  }

  @Test
  void theErrorAxisEndsAtTheNextTenPercent() {
    assertEquals(0.10, ErrorChart.ceiling(0.03), 1e-12);
    assertEquals(0.30, ErrorChart.ceiling(0.215), 1e-12);
    assertEquals(1.00, ErrorChart.ceiling(0.97), 1e-12);
    assertEquals(1.00, ErrorChart.ceiling(Double.NaN), 1e-12);
  }

  @Test
  void eachPanelDrawsItsCurvesInTheirColoursAndClipsWhatIsAboveTheAxis() throws IOException {
    // Left: a red line at 5% across; right: a blue one at 15% and a red one far above the top.
    Panel left = new Panel("left", "iteration", 100,
        List.of(new Curve(RED, 3f, false, new double[] {0, 100}, new double[] {0.05, 0.05})),
        List.of());
    Panel right = new Panel("right", "iteration", 100,
        List.of(new Curve(BLUE, 3f, false, new double[] {0, 100}, new double[] {0.15, 0.15}),
            new Curve(RED, 3f, false, new double[] {0, 100}, new double[] {0.9, 0.9})),
        List.of(new Key("blue", BLUE, 3f)));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(
        ErrorChart.png(List.of(left, right), 400, 300, 0.2)));
    assertEquals(800, image.getWidth());
    assertEquals(300, image.getHeight());
    // The plot area runs from y = 40 (20%) to y = 250 (0%).
    assertTrue(hasColorNear(image, RED, 200, 250 - 210 * 5 / 20), "red at 5%, left");
    assertTrue(hasColorNear(image, BLUE, 520, 250 - 210 * 15 / 20), "blue at 15%, right");
    assertFalse(hasColor(image, BLUE, 0, 400), "no blue in the left panel");
    assertFalse(hasColor(image, RED, 400, 800), "the red curve at 90% is above a 20% axis");
  }

  @Test
  void aCurveNeedsAnErrorForEachPositionAndAChartAPanel() {
    assertThrows(IllegalArgumentException.class,
        () -> new Curve(RED, 1f, false, new double[] {1, 2}, new double[] {0.5}));
    assertThrows(IllegalArgumentException.class, () -> ErrorChart.png(List.of(), 400, 300, 1));
  }

  private static boolean hasColorNear(BufferedImage image, Color color, int x, int y) {
    for (int dy = -3; dy <= 3; dy++) {
      if ((image.getRGB(x, y + dy) & 0xffffff) == (color.getRGB() & 0xffffff)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasColor(BufferedImage image, Color color, int fromX, int toX) {
    for (int x = fromX; x < toX; x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xffffff) == (color.getRGB() & 0xffffff)) {
          return true;
        }
      }
    }
    return false;
  }
}
