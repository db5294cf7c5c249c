package dev.resdsl.runtime.data;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches of an {@link ImageDataset} for Deeplearning4j: features NCHW floats, normalised and
 * augmented; labels one-hot floats {@code [N, classes]}. Made by {@link Batches}.
 *
 * <p>Every image is served once an epoch; the last batch is smaller if the batch size does not
 * divide the images. When shuffling, epoch k's order and augmentation depend only on the seed and
 * k, so a run resumed at epoch k with {@link #setEpoch} sees the batches it would have seen.
 *
 * <p>{@link #reset()} starts the next epoch once the current one has served a batch, and otherwise
 * does nothing; so both Deeplearning4j's {@code fit(iterator, epochs)}, which resets between
 * epochs, and a loop that resets before each epoch see epochs 0, 1, 2, ...
 */
public final class ImageBatches implements DataSetIterator {
  private final ImageDataset data;
  private final int batchSize;
  private final int classes;
  private final float[][] table;
  private final Augmentation augmentation;
  private final boolean shuffle;
  private final long seed;
  private final int[] order;
  private int epoch;
  private int cursor;
  private DataSetPreProcessor preProcessor;

  ImageBatches(
      ImageDataset data,
      int batchSize,
      int classes,
      Normalization normalization,
      Augmentation augmentation,
      boolean shuffle,
      long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (classes < data.classes()) {
      throw new IllegalArgumentException(
          "the model has " + classes + " classes but the data " + data.classes());
    }
    if (normalization.channels() != data.shape().channels()) {
      throw new IllegalArgumentException(
          "a normalisation of "
              + normalization.channels()
              + " channels for images of "
              + data.shape());
    }
    this.data = data;
    this.batchSize = batchSize;
    this.classes = classes;
    this.table = normalization.table();
    this.augmentation = augmentation;
    this.shuffle = shuffle;
    this.seed = seed;
    this.order = new int[data.size()];
    setEpoch(0);
  }

  /** Rewinds to the start of epoch {@code epoch}, in that epoch's order. */
  public void setEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epochs count from 0, got " + epoch);
    }
    this.epoch = epoch;
    this.cursor = 0;
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      // Fisher-Yates from the epoch's own stream: no dependence on earlier epochs.
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epoch));
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
    }
  }

  /**
   * Moves to image {@code position} of the current epoch's order, as if that many had been
   * served: a worker that trains a later part of an epoch starts there without drawing the rest.
   */
  public void seek(int position) {
    if (position < 0 || position > order.length) {
      throw new IllegalArgumentException(
          "position " + position + " is not within the epoch's " + order.length + " images");
    }
    cursor = position;
  }

  /** The epoch being served, from 0. */
  public int epoch() {
    return epoch;
  }

  /** The images served so far this epoch. */
  public int position() {
    return cursor;
  }

  /** The images an epoch serves. */
  public int size() {
    return data.size();
  }

  @Override
  public boolean hasNext() {
    return cursor < order.length;
  }

  @Override
  public DataSet next() {
    return next(batchSize);
  }

  /** The next {@code num} images, or the rest of the epoch if fewer remain. */
  @Override
  public DataSet next(int num) {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " is over; reset() starts the next");
    }
    if (num < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + num);
    }
    int n = Math.min(num, order.length - cursor);
    int imageSize = (int) data.shape().size();
    float[] features = new float[n * imageSize];
    float[] labels = new float[n * classes];
    for (int k = 0; k < n; k++) {
      int image = order[cursor + k];
      // Each image's augmentation has its own stream, whatever batch it falls in.
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, epoch, image, 1));
      augmentation.write(data, image, table, random, features, k * imageSize);
      labels[k * classes + data.label(image)] = 1f;
    }
    cursor += n;
    DataSet batch =
        new DataSet(
            Nd4j.create(features, data.shape().batchOf(n), DataType.FLOAT),
            Nd4j.create(labels, new long[] {n, classes}, DataType.FLOAT));
    if (preProcessor != null) {
      preProcessor.preProcess(batch);
    }
    return batch;
  }

  /** Values per image, {@code channels x height x width}. */
  @Override
  public int inputColumns() {
    return (int) data.shape().size();
  }

  /** The model's classes, the width of the one-hot labels. */
  @Override
  public int totalOutcomes() {
    return classes;
  }

  @Override
  public boolean resetSupported() {
    return true;
  }

  /** False: batches are quick to make, and a background thread would run ahead of setEpoch. */
  @Override
  public boolean asyncSupported() {
    return false;
  }

  /** Starts the next epoch if this one has begun (when shuffling), else rewinds this one. */
  @Override
  public void reset() {
    if (shuffle && cursor > 0) {
      setEpoch(epoch + 1);
    } else {
      cursor = 0;
    }
  }

  @Override
  public int batch() {
    return batchSize;
  }

  @Override
  public void setPreProcessor(DataSetPreProcessor preProcessor) {
    this.preProcessor = preProcessor;
  }

  @Override
  public DataSetPreProcessor getPreProcessor() {
    return preProcessor;
  }

  /** The data's class names, then {@code "unused N"} for model outputs no image has. */
  @Override
  public List<String> getLabels() {
    List<String> labels = new ArrayList<>(data.classNames());
    for (int i = labels.size(); i < classes; i++) {
      labels.add("unused " + i);
    }
    return labels;
  }
}
