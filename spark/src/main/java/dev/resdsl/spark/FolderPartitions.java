package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads listed image files into a fixed number of partitions of decoded images, cached on the
 * executors: Spark's {@code binaryFiles} reads the bytes where the tasks run, file {@code i} of
 * the listing goes to partition {@code i mod partitions} (Spark's hash partitioning of an int),
 * and each partition decodes its own files ({@link DecodePartition}). The driver sends only the
 * listing's names and labels.
 */
final class FolderPartitions {
  private FolderPartitions() {}

  /**
   * The cached partitions of {@code files}, read from {@code folders}; nothing runs until a job
   * asks for them.
   */
  static JavaRDD<PartitionImages> read(JavaSparkContext spark, List<FolderListing.ListedFile> files,
      List<String> folders, int partitions, Shape target, List<String> classNames,
      String source) {
    Map<String, FolderListing.ListedFile> byPath = new HashMap<>();
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String path = pathOf(files.get(i).uri());
      byPath.put(path, files.get(i));
      indexOf.put(path, i);
    }
    var listing = spark.broadcast(new Listing(byPath, indexOf));
    return spark.binaryFiles(String.join(",", folders), partitions)
        .flatMapToPair(file -> {
          // A folder of the split layout holds training and test files: keep this listing's.
          String path = pathOf(file._1());
          FolderListing.ListedFile listed = listing.value().byPath().get(path);
          if (listed == null) {
            return List.<scala.Tuple2<Integer, EncodedImage>>of().iterator();
          }
          int index = listing.value().indexOf().get(path);
          return List.of(new scala.Tuple2<>(index,
              new EncodedImage(index, listed.label(), file._1(), file._2().toArray()))).iterator();
        })
        .partitionBy(new HashPartitioner(partitions))
        .mapPartitions(new DecodePartition(target, classNames, source), true)
        .persist(StorageLevel.MEMORY_ONLY());
  }

  /**
   * A file's path without scheme and authority: the driver's listing and Spark's reader may
   * qualify one file differently ({@code file:/x} and {@code file:///x}).
   */
  static String pathOf(String uri) {
    return new Path(uri).toUri().getPath();
  }

  /** The listing as the executors look files up in it. */
  private record Listing(Map<String, FolderListing.ListedFile> byPath,
      Map<String, Integer> indexOf) implements java.io.Serializable {}
}
