package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.Cifar10;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.FashionMnist;
import dev.resdsl.runtime.data.IdxFile;
import dev.resdsl.runtime.data.ImageDataset;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads listed record files ({@link RecordListing}) into a fixed number of partitions of images,
 * cached on the executors: Spark's {@code binaryFiles} opens each file where a task runs, the
 * task parses the file with the runtime's own readers ({@link IdxFile}, {@link Cifar10}), record
 * {@code i} of the split goes to partition {@code i mod partitions} as a folder's file {@code i}
 * does ({@link FolderPartitions}), and each partition puts its images and labels together and
 * converts them to the model's input ({@link AssemblePartition}). The driver sends only the
 * files' names.
 */
final class RecordPartitions {
  private RecordPartitions() {}

  /**
   * The cached partitions of {@code files}; nothing runs until a job asks for them.
   *
   * @param mismatch the error of an image without a label or a label without an image
   */
  static JavaRDD<PartitionImages> read(JavaSparkContext spark,
      List<RecordListing.RecordFile> files, int partitions, Shape target,
      List<String> classNames, String source, String mismatch) {
    Map<String, RecordListing.RecordFile> byPath = new HashMap<>();
    List<String> uris = new ArrayList<>();
    for (RecordListing.RecordFile file : files) {
      byPath.put(pathOf(file.uri()), file);
      uris.add(file.uri());
    }
    var listing = spark.broadcast(new Listing(byPath, classNames.size()));
    return spark.binaryFiles(String.join(",", uris), partitions)
        .flatMapToPair(file -> pieces(
            listing.value().byPath().get(pathOf(file._1())), file._2(),
            listing.value().classes()).iterator())
        .partitionBy(new HashPartitioner(partitions))
        .mapPartitions(new AssemblePartition(target, classNames, source, mismatch), true)
        .persist(StorageLevel.MEMORY_ONLY());
  }

  /**
   * A file's path without scheme and authority: the driver's listing and Spark's reader may
   * qualify one file differently ({@code file:/x} and {@code file:///x}).
   */
  private static String pathOf(String uri) {
    return new Path(uri).toUri().getPath();
  }

  /** Every record of {@code file}, keyed by its index in the split. */
  private static List<Tuple2<Integer, RecordPiece>> pieces(RecordListing.RecordFile file,
      PortableDataStream stream, int classes) throws DataSourceException, IOException {
    List<Tuple2<Integer, RecordPiece>> pieces = new ArrayList<>();
    switch (file.kind()) {
      case IDX_IMAGES -> {
        IdxFile.Images images;
        try (DataInputStream in = stream.open()) {
          images = IdxFile.readImages(in, file.uri(), FashionMnist.FIX);
        }
        int size = (int) images.shape().size();
        for (int i = 0; i < images.count(); i++) {
          byte[] pixels = Arrays.copyOfRange(images.pixels(), i * size, (i + 1) * size);
          pieces.add(new Tuple2<>(file.first() + i,
              new RecordPiece(pixels, images.shape(), -1)));
        }
      }
      case IDX_LABELS -> {
        int[] labels;
        try (DataInputStream in = stream.open()) {
          labels = IdxFile.readLabels(in, file.uri(), classes, FashionMnist.FIX);
        }
        for (int i = 0; i < labels.length; i++) {
          pieces.add(new Tuple2<>(file.first() + i, new RecordPiece(null, null, labels[i])));
        }
      }
      case CIFAR10 -> {
        ImageDataset records = Cifar10.records(stream.toArray(), file.uri());
        for (int i = 0; i < records.size(); i++) {
          pieces.add(new Tuple2<>(file.first() + i,
              new RecordPiece(records.imageBytes(i), Cifar10.SHAPE, records.label(i))));
        }
      }
    }
    return pieces;
  }

  /** The listing as the executors look files up in it, and the labels' bound. */
  private record Listing(Map<String, RecordListing.RecordFile> byPath, int classes)
      implements Serializable {}
}
