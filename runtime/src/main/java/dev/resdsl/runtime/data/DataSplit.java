package dev.resdsl.runtime.data;

/**
 * A data source's images, split into the ones to train on and the held-out ones to measure on.
 *
 * @param train the training images
 * @param test the held-out images, of the same shape and classes
 */
public record DataSplit(ImageDataset train, ImageDataset test) {
  /** Checks that both halves have one shape and one list of classes. */
  public DataSplit {
    if (!train.shape().equals(test.shape())) {
      throw new IllegalArgumentException(
          "train images are " + train.shape() + " but test images " + test.shape());
    }
    if (!train.classNames().equals(test.classNames())) {
      throw new IllegalArgumentException(
          "train classes " + train.classNames() + " differ from test classes " + test.classNames());
    }
  }

  /** {@code "60000 train / 10000 test images 3x32x32, 10 classes"}, for logs. */
  public String summary() {
    return train.size()
        + " train / "
        + test.size()
        + " test images "
        + train.shape()
        + ", "
        + train.classes()
        + " classes";
  }
}
