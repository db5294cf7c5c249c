package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.Augmentation;
import dev.resdsl.runtime.data.ChannelMoments;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.DataSources;
import dev.resdsl.runtime.data.ImageDecoder;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.data.SyntheticImages;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A training run's data read by Spark's executors and kept there, decoded, in one partition per
 * worker: the driver holds the listing's bookkeeping, each partition's image count, the
 * normalisation and the class names, and no image. {@link SparkTrainer} trains each worker on
 * its own partition and evaluates the test images where they lie.
 *
 * <p>The normalisation is exact, not sampled: each partition adds up its own pixels' per-channel
 * sums and squares ({@link ChannelMoments}) and the driver adds the partitions' sums, which gives
 * the statistics one machine measures on the same images.
 */
public final class SparkTrainingData implements TrainingData, AutoCloseable {
  private final String source;
  private final JavaRDD<PartitionImages> train;
  private final JavaRDD<PartitionImages> test;
  private final int[] trainSizes;
  private final int testSize;
  private final Normalization normalization;
  private final List<String> classNames;
  private final PartitionBatches batches;

  private SparkTrainingData(String source, JavaRDD<PartitionImages> train,
      JavaRDD<PartitionImages> test, int[] trainSizes, int testSize, Normalization normalization,
      List<String> classNames, PartitionBatches batches) {
    this.source = source;
    this.train = train;
    this.test = test;
    this.trainSizes = trainSizes;
    this.testSize = testSize;
    this.normalization = normalization;
    this.classNames = classNames;
    this.batches = batches;
  }

  /**
   * Reads {@code source} into {@code partitions} partitions of {@code input}-shaped images on
   * {@code spark}'s executors, split as one machine splits it: {@code folder:DIR} (DIR's {@code
   * train/} and {@code test/}, else 90/10 per class by the seed), {@code fashion-mnist[:DIR]} and
   * {@code cifar10:DIR} (their own test files), with DIR a path every node can read or a Hadoop
   * file-system URI ({@code file://}, {@code hdfs://}); the one job that decodes and caches them
   * also measures the normalisation.
   *
   * @param partitions the workers that will train, one partition each
   * @param classes the model's classes, at least the data's
   * @param notices receives one-line notices, such as a conversion of the images
   * @throws DataSourceException in one line if the source is not one of those, is missing or
   *     malformed, has an unreadable image or more classes than the model
   */
  public static SparkTrainingData open(JavaSparkContext spark, String source, String model,
      Shape input, TrainingConfig config, int classes, int partitions,
      Consumer<String> notices) throws DataSourceException {
    if (!readsOnExecutors(source)) {
      throw new DataSourceException("data source \"" + source + "\": Spark's executors read"
          + " synthetic[:TRAIN_SIZE], folder:DIR, fashion-mnist[:DIR] and cifar10:DIR; use one of"
          + " them, a folder on a path every node can read, or train without --spark");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("at least one partition, was " + partitions);
    }
    List<String> classNames;
    JavaRDD<PartitionImages> train;
    JavaRDD<PartitionImages> test;
    OptionalInt syntheticSize = DataSources.syntheticTrainSize(source);
    if (syntheticSize.isPresent()) {
      classNames = SyntheticImages.CLASS_NAMES;
      DataSources.requireClasses(model, classes, source, classNames);
      int size = syntheticSize.getAsInt();
      train = SyntheticPartitions.read(spark, size, config.seed(), false, partitions, input);
      test = SyntheticPartitions.read(spark, size, config.seed(), true, partitions, input);
    } else if (source.startsWith("folder:")) {
      String dir = source.substring("folder:".length());
      FolderListing listing = FolderListing.of(dir, config.seed(),
          spark.hadoopConfiguration(), source);
      classNames = listing.classNames();
      DataSources.requireClasses(model, classes, source, classNames);
      train = FolderPartitions.read(spark, listing.train(), spark.hadoopConfiguration(),
          partitions, input, classNames, source);
      test = FolderPartitions.read(spark, listing.test(), spark.hadoopConfiguration(),
          partitions, input, classNames, source);
    } else {
      RecordListing listing = RecordListing.of(source, spark.hadoopConfiguration());
      classNames = listing.classNames();
      DataSources.requireClasses(model, classes, source, classNames);
      train = RecordPartitions.read(spark, listing.train(), partitions, input, classNames,
          source, listing.trainMismatch());
      test = RecordPartitions.read(spark, listing.test(), partitions, input, classNames,
          source, listing.testMismatch());
    }
    List<Summary> trainSummaries;
    List<Summary> testSummaries;
    try {
      trainSummaries = train.map(Summary::of).collect();
      testSummaries = test.map(Summary::of).collect();
    } catch (Exception e) { // Spark's SparkException is checked but undeclared
      train.unpersist();
      test.unpersist();
      throw SparkFailures.dataSourceError(source, e);
    }
    int[] trainSizes = trainSummaries.stream().mapToInt(Summary::images).toArray();
    int testSize = testSummaries.stream().mapToInt(Summary::images).sum();
    ChannelMoments moments = trainSummaries.stream().map(Summary::moments)
        .reduce(ChannelMoments::plus).orElseThrow();
    Set<Shape> converted = new LinkedHashSet<>();
    for (Summary summary : trainSummaries) {
      converted.addAll(summary.converted());
    }
    for (Summary summary : testSummaries) {
      converted.addAll(summary.converted());
    }
    if (!converted.isEmpty()) {
      notices.accept(ImageDecoder.notice(source, converted, input));
    }
    Normalization normalization = moments.normalization();
    return new SparkTrainingData(source, train, test, trainSizes, testSize, normalization,
        classNames, PartitionBatches.of(config.batchSize(), normalization,
            config.augment() ? Augmentation.PAPER : Augmentation.NONE, config.seed(), classes));
  }

  /**
   * Whether Spark's executors read {@code source} themselves: {@code synthetic[:TRAIN_SIZE]}
   * (which they draw), {@code folder:DIR}, {@code fashion-mnist[:DIR]} or {@code cifar10:DIR}.
   */
  public static boolean readsOnExecutors(String source) {
    return source.equals("synthetic") || source.startsWith("synthetic:")
        || (source.startsWith("folder:") && source.length() > "folder:".length())
        || RecordListing.reads(source);
  }

  /** What a partition tells the driver once decoded: its count, its moments, its conversions. */
  private record Summary(int images, ChannelMoments moments, List<Shape> converted)
      implements Serializable {
    static Summary of(PartitionImages partition) {
      return new Summary(partition.images().size(), ChannelMoments.of(partition.images()),
          partition.converted());
    }
  }

  /** Refuses: the driver holds no images; {@link SparkTrainer} draws batches on the executors. */
  @Override
  public DataSetIterator trainingEpoch(int epoch) {
    throw new UnsupportedOperationException("the driver holds no images of " + source
        + ": Spark's executors draw its batches (train it with SparkTrainer)");
  }

  /** Refuses: the test images are on the executors too, where SparkTrainer evaluates them. */
  @Override
  public DataSetIterator test() {
    throw new UnsupportedOperationException("the driver holds no images of " + source
        + ": Spark's executors evaluate its test images (train it with SparkTrainer)");
  }

  @Override
  public int trainingSize() {
    int sum = 0;
    for (int size : trainSizes) {
      sum += size;
    }
    return sum;
  }

  /** The test images, on the executors. */
  public int testSize() {
    return testSize;
  }

  /** The partitions, one a worker. */
  public int partitions() {
    return trainSizes.length;
  }

  @Override
  public String normalization() {
    return normalization.toString();
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  /** The training images of each partition. */
  int[] trainSizes() {
    return trainSizes.clone();
  }

  JavaRDD<PartitionImages> trainPartitions() {
    return train;
  }

  JavaRDD<PartitionImages> testPartitions() {
    return test;
  }

  PartitionBatches batches() {
    return batches;
  }

  /** Drops the decoded images from the executors' caches. */
  @Override
  public void close() {
    train.unpersist();
    test.unpersist();
  }
}
