package dev.resdsl.runtime.data;

/**
 * A linear classifier of average-pooled pixels (softmax regression by full-batch gradient descent),
 * the cheap stand-in for "how hard is this data set" that the synthetic data set's tests use: a
 * task it solves completely would not need convolutions.
 */
final class LinearProbe {
  private final int pool;
  private final int classes;
  private float[] featureMean;
  private float[] featureStd;
  private double[][] weights;

  /** A probe of images average-pooled to {@code pool x pool} per channel. */
  LinearProbe(int pool, int classes) {
    this.pool = pool;
    this.classes = classes;
  }

  /** Fits the probe to {@code data} with {@code steps} full-batch gradient steps. */
  LinearProbe fit(ImageDataset data, int steps) {
    float[][] x = features(data);
    int d = x[0].length;
    featureMean = new float[d];
    featureStd = new float[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        featureMean[j] += row[j] / x.length;
      }
    }
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        featureStd[j] += (row[j] - featureMean[j]) * (row[j] - featureMean[j]) / x.length;
      }
    }
    for (int j = 0; j < d; j++) {
      featureStd[j] = (float) Math.sqrt(featureStd[j]) + 1e-6f;
    }
    standardise(x);
    weights = new double[classes][d + 1];
    double[][] gradient = new double[classes][d + 1];
    double rate = 0.5;
    for (int step = 0; step < steps; step++) {
      for (double[] g : gradient) {
        java.util.Arrays.fill(g, 0);
      }
      for (int i = 0; i < x.length; i++) {
        double[] p = probabilities(x[i]);
        p[data.label(i)] -= 1;
        for (int k = 0; k < classes; k++) {
          for (int j = 0; j < d; j++) {
            gradient[k][j] += p[k] * x[i][j];
          }
          gradient[k][d] += p[k];
        }
      }
      for (int k = 0; k < classes; k++) {
        for (int j = 0; j <= d; j++) {
          weights[k][j] -= rate * (gradient[k][j] / x.length + 1e-4 * weights[k][j]);
        }
      }
    }
    return this;
  }

  /** The fraction of {@code data} the probe classifies correctly. */
  double accuracy(ImageDataset data) {
    float[][] x = features(data);
    standardise(x);
    int correct = 0;
    for (int i = 0; i < x.length; i++) {
      double[] p = probabilities(x[i]);
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (p[k] > p[best]) {
          best = k;
        }
      }
      correct += best == data.label(i) ? 1 : 0;
    }
    return correct / (double) x.length;
  }

  private double[] probabilities(float[] x) {
    double[] logits = new double[classes];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < classes; k++) {
      double z = weights[k][x.length];
      for (int j = 0; j < x.length; j++) {
        z += weights[k][j] * x[j];
      }
      logits[k] = z;
      max = Math.max(max, z);
    }
    double sum = 0;
    for (int k = 0; k < classes; k++) {
      logits[k] = Math.exp(logits[k] - max);
      sum += logits[k];
    }
    for (int k = 0; k < classes; k++) {
      logits[k] /= sum;
    }
    return logits;
  }

  private void standardise(float[][] x) {
    for (float[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (row[j] - featureMean[j]) / featureStd[j];
      }
    }
  }

  // Average pooling to pool x pool per channel (the image's sides must be multiples of pool).
  private float[][] features(ImageDataset data) {
    int c = data.shape().channels();
    int h = data.shape().height();
    int w = data.shape().width();
    int cellH = h / pool;
    int cellW = w / pool;
    float[][] x = new float[data.size()][c * pool * pool];
    for (int i = 0; i < data.size(); i++) {
      float[] image = data.image(i);
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < pool * cellH; y++) {
          for (int xx = 0; xx < pool * cellW; xx++) {
            x[i][(ch * pool + y / cellH) * pool + xx / cellW] +=
                image[(ch * h + y) * w + xx] / (cellH * cellW);
          }
        }
      }
    }
    return x;
  }
}
