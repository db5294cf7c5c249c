package dev.resdsl.runtime.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with loss, error, images/s and the time left in the epoch, redrawn in
 * place on a terminal and printed every tenth of an epoch elsewhere (logs, CI).
 */
public final class ProgressBar implements TrainingProgress {
  private static final int WIDTH = 24;

  private final PrintStream out;
  private final boolean terminal;
  private int epoch;
  private int epochs;
  private int images;
  private int lastTenth;
  private long lastDraw;

  /** A bar on {@code out}; {@code terminal} redraws in place. */
  public ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** A bar on standard error, redrawn in place when there is a console. */
  public static ProgressBar onStandardError() {
    return on(System.err);
  }

  /** A bar on {@code out}, redrawn in place only when it is standard error on a console. */
  public static ProgressBar on(PrintStream out) {
    return new ProgressBar(out, out == System.err && System.console() != null);
  }

  @Override
  public void epochStarted(int epoch, int epochs, int images) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.images = images;
    lastTenth = 0;
  }

  @Override
  public void stepDone(int seen, double loss, double error, double imagesPerSecond) {
    String line = line(seen, loss, error, imagesPerSecond);
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDraw > 200_000_000L || seen >= images) {
        out.print("\r" + line);
        out.flush();
        lastDraw = now;
      }
    } else {
      int tenth = images == 0 ? 10 : (int) (10L * seen / images);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.println(line);
      }
    }
  }

  String line(int seen, double loss, double error, double imagesPerSecond) {
    double done = images == 0 ? 1 : Math.min(1, (double) seen / images);
    int filled = (int) Math.round(done * WIDTH);
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" : "") + " ".repeat(Math.max(0, WIDTH - filled - 1));
    double secondsLeft = imagesPerSecond > 0 ? (images - seen) / imagesPerSecond : Double.NaN;
    return String.format(Locale.ROOT,
        "epoch %d/%d [%s] %3.0f%% loss %.4f error %5.1f%% %6.1f images/s ETA %s",
        epoch + 1, epochs, bar, 100 * done, loss, 100 * error, imagesPerSecond,
        duration(secondsLeft));
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "--:--";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  @Override
  public void epochDone(EpochMetrics m) {
    if (terminal) {
      out.println();
    }
    out.printf(Locale.ROOT,
        "epoch %d/%d: train loss %.4f, train error %.2f%%, test error %.2f%%, %.1f images/s%n",
        m.epoch(), epochs, m.trainLoss(), 100 * m.trainError(), 100 * m.testError(),
        m.imagesPerSecond());
  }

  @Override
  public void note(String message) {
    if (terminal) {
      out.println();
    }
    out.println(message);
  }
}
