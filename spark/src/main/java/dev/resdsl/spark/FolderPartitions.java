package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads listed image files into a fixed number of partitions of decoded images, cached on the
 * executors: file {@code i} of the listing goes to partition {@code i mod partitions} (Spark's
 * hash partitioning of an int) as a name, and each partition opens its own files through Hadoop's
 * file systems, where its task runs, and decodes them ({@link DecodePartition}). The driver sends
 * only the listing's names and labels, and no image's bytes cross the network twice.
 *
 * <p>Why not {@code binaryFiles}: it groups small files into splits by their bytes (5,000 PNGs of
 * Fashion-MNIST made one split, so one task read them all) and serialises the whole Hadoop
 * configuration once a file (25 ms a file measured here: 123 s for the 5,000), then its bytes
 * must be shuffled to their partitions.
 */
final class FolderPartitions {
  private FolderPartitions() {}

  /**
   * The cached partitions of {@code files}; nothing runs until a job asks for them.
   *
   * @param hadoop the file systems' configuration, as the driver has it
   */
  static JavaRDD<PartitionImages> read(JavaSparkContext spark, List<FolderListing.ListedFile> files,
      Configuration hadoop, int partitions, Shape target, List<String> classNames,
      String source) {
    List<Tuple2<Integer, FolderListing.ListedFile>> indexed = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      indexed.add(new Tuple2<>(i, files.get(i)));
    }
    var configuration = spark.broadcast(new SerializableWritable<>(hadoop));
    return spark.parallelizePairs(indexed, partitions)
        .partitionBy(new HashPartitioner(partitions))
        .mapPartitions(new DecodePartition(target, classNames, source, configuration), true)
        .persist(StorageLevel.MEMORY_ONLY());
  }
}
