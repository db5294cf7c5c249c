package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.data.SyntheticImages;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.storage.StorageLevel;

/**
 * Draws a {@code synthetic[:TRAIN_SIZE]} source into a fixed number of partitions, cached on the
 * executors: partition {@code p} draws the {@code p}-th of as many runs of consecutive images,
 * with the pixels one machine draws for them ({@link SyntheticImages#trainingPart}). The driver
 * sends the size and the seed; no image crosses the network.
 */
final class SyntheticPartitions {
  private SyntheticPartitions() {}

  /**
   * The cached partitions of the training or the test images of {@code synthetic:trainSize} drawn
   * from {@code seed}; nothing runs until a job asks for them.
   */
  static JavaRDD<PartitionImages> read(JavaSparkContext spark, int trainSize, long seed,
      boolean test, int partitions, Shape target) {
    List<Integer> parts = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    return spark.parallelize(parts, partitions)
        .mapPartitionsWithIndex(
            new DrawPartition(trainSize, seed, test, partitions, target), true)
        .persist(StorageLevel.MEMORY_ONLY());
  }

  /** Draws one partition's images on its executor. */
  private static final class DrawPartition
      implements Function2<Integer, Iterator<Integer>, Iterator<PartitionImages>> {
    private static final long serialVersionUID = 1L;

    private final int trainSize;
    private final long seed;
    private final boolean test;
    private final int partitions;
    private final Shape target;

    DrawPartition(int trainSize, long seed, boolean test, int partitions, Shape target) {
      this.trainSize = trainSize;
      this.seed = seed;
      this.test = test;
      this.partitions = partitions;
      this.target = target;
    }

    @Override
    public Iterator<PartitionImages> call(Integer partition, Iterator<Integer> ignored)
        throws DataSourceException {
      DecodePartition.requireTask();
      SyntheticImages synthetic = new SyntheticImages(target);
      ImageDataset images = test
          ? synthetic.testPart(trainSize, seed, partition, partitions)
          : synthetic.trainingPart(trainSize, seed, partition, partitions);
      return List.of(new PartitionImages(images, List.of())).iterator();
    }
  }
}
