package dev.resdsl.runtime.eval;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * How a network classified a set of labelled images.
 *
 * @param images how many images were classified
 * @param top1Correct images whose most probable class was the label
 * @param top5Correct images whose label was among the five most probable classes
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record Evaluation(long images, long top1Correct, long top5Correct, long[][] confusion)
    implements Serializable {
  /**
   * Both evaluations as one, of all their images: how a cluster's partitions, each evaluated on
   * its own images, add up.
   *
   * @throws IllegalArgumentException if their confusion matrices differ in size
   */
  public Evaluation plus(Evaluation other) {
    if (other.confusion.length != confusion.length) {
      throw new IllegalArgumentException("evaluations of " + confusion.length + " and "
          + other.confusion.length + " classes");
    }
    long[][] sum = new long[confusion.length][];
    for (int a = 0; a < sum.length; a++) {
      sum[a] = confusion[a].clone();
      for (int p = 0; p < sum[a].length; p++) {
        sum[a][p] += other.confusion[a][p];
      }
    }
    return new Evaluation(images + other.images, top1Correct + other.top1Correct,
        top5Correct + other.top5Correct, sum);
  }

  /** Top-1 accuracy in [0, 1]. */
  public double top1Accuracy() {
    return images == 0 ? Double.NaN : (double) top1Correct / images;
  }

  /** Top-1 error, as the paper reports it. */
  public double top1Error() {
    return 1 - top1Accuracy();
  }

  /** Top-5 accuracy in [0, 1]; equal to 1 for five classes or fewer. */
  public double top5Accuracy() {
    return images == 0 ? Double.NaN : (double) top5Correct / images;
  }

  /** A report: accuracies, then the confusion matrix with class names. */
  public String toText(List<String> classNames) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%d images: top-1 accuracy %.2f%% (error %.2f%%), top-5 accuracy %.2f%%%n",
        images, 100 * top1Accuracy(), 100 * top1Error(), 100 * top5Accuracy()));
    int n = confusion.length;
    int width = 6;
    for (String name : classNames) {
      width = Math.max(width, Math.min(14, name.length()));
    }
    text.append("confusion matrix (rows: actual, columns: predicted)\n");
    text.append(String.format(Locale.ROOT, "%-" + (width + 1) + "s", ""));
    for (int p = 0; p < n; p++) {
      text.append(String.format(Locale.ROOT, "%7s", p));
    }
    text.append('\n');
    for (int a = 0; a < n; a++) {
      String name = a < classNames.size() ? classNames.get(a) : Integer.toString(a);
      text.append(String.format(Locale.ROOT, "%-" + (width + 1) + "s",
          a + " " + name.substring(0, Math.min(name.length(), width - 2))));
      for (int p = 0; p < n; p++) {
        text.append(String.format(Locale.ROOT, "%7d", confusion[a][p]));
      }
      text.append('\n');
    }
    return text.toString();
  }
}
