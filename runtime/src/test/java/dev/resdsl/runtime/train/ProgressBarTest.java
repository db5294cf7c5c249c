package dev.resdsl.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The progress bar's lines and how often it prints them. */
class ProgressBarTest {
  private static final Pattern LINE = Pattern.compile(
      "epoch 2/5 \\[[=> ]{24}\\] +(\\d+)% loss (\\d+\\.\\d{4}) error +(\\d+\\.\\d)%"
          + " +(\\d+\\.\\d) images/s ETA (\\d+:\\d\\d(:\\d\\d)?|--:--)");

  @Test
  void lineShowsPercentLossErrorSpeedAndTimeLeft() {
    ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), false);
    bar.epochStarted(1, 5, 1000);
    String line = bar.line(250, 1.23456, 0.4567, 50);
    var m = LINE.matcher(line);
    assertTrue(m.matches(), line);
    assertEquals("25", m.group(1));
    assertEquals("1.2346", m.group(2));
    assertEquals("45.7", m.group(3));
    assertEquals("50.0", m.group(4));
    assertEquals("0:15", m.group(5), "750 images at 50 a second");
    assertTrue(line.contains("[======>                 ]"), line);
    String done = bar.line(1000, 0.5, 0.1, 100);
    assertTrue(done.contains("[========================] 100%"), done);
    assertTrue(done.endsWith("ETA 0:00"), done);
    assertTrue(bar.line(0, Double.NaN, Double.NaN, 0).endsWith("ETA --:--"));
  }

  @Test
  void elsewhereThanATerminalItPrintsAboutOnceATenth() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    bar.epochStarted(1, 5, 1000);
    for (int seen = 16; seen < 1000; seen += 16) {
      bar.stepDone(seen, 1.0, 0.5, 100);
    }
    bar.stepDone(1000, 1.0, 0.5, 100);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(10, lines.size(), String.join("\n", lines));
    for (String line : lines) {
      assertTrue(LINE.matcher(line).matches(), line);
      assertTrue(!line.contains("\r"), line);
    }
    assertTrue(lines.get(9).contains("100%"), lines.get(9));
    // A new epoch starts counting tenths afresh.
    bar.epochStarted(1, 5, 1000);
    bar.stepDone(500, 1.0, 0.5, 100);
    assertEquals(11, bytes.toString(StandardCharsets.UTF_8).lines().count());
    bar.epochDone(new EpochMetrics(2, 0.75, 0.25, 0.3, 123.4));
    String last = bytes.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow();
    assertEquals("epoch 2/5: train loss 0.7500, train error 25.00%, test error 30.00%,"
        + " 123.4 images/s", last);
  }

  @Test
  void onATerminalItRedrawsInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    bar.epochStarted(0, 1, 64);
    bar.stepDone(64, 1.0, 0.5, 100);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\repoch 1/1 ["), text);
    assertTrue(!text.contains("\n"), "no new line until the epoch is done");
  }

  @Test
  void durationsAreMinutesSecondsOrHours() {
    assertEquals("0:00", ProgressBar.duration(0));
    assertEquals("0:05", ProgressBar.duration(4.6));
    assertEquals("1:00", ProgressBar.duration(59.6));
    assertEquals("59:59", ProgressBar.duration(3599));
    assertEquals("1:00:00", ProgressBar.duration(3600));
    assertEquals("2:03:04", ProgressBar.duration(2 * 3600 + 3 * 60 + 4));
    assertEquals("--:--", ProgressBar.duration(Double.NaN));
    assertEquals("--:--", ProgressBar.duration(Double.POSITIVE_INFINITY));
  }
}
