package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.data.ImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Reads and decodes a partition's image files on its executor, through Hadoop's file systems and
 * with the runtime's own decoding ({@link ImageDecoder}), in the order of the driver's listing
 * whatever order the shuffle delivered their names in, so that a fixed partitioning gives the
 * same images in the same places on every run.
 */
final class DecodePartition implements
    FlatMapFunction<Iterator<Tuple2<Integer, FolderListing.ListedFile>>, PartitionImages> {
  private static final long serialVersionUID = 1L;

  private final Shape target;
  private final List<String> classNames;
  private final String source;
  private final Broadcast<SerializableWritable<Configuration>> hadoop;

  DecodePartition(Shape target, List<String> classNames, String source,
      Broadcast<SerializableWritable<Configuration>> hadoop) {
    this.target = target;
    this.classNames = List.copyOf(classNames);
    this.source = source;
    this.hadoop = hadoop;
  }

  /**
   * Refuses to run outside a Spark task.
   *
   * @throws IllegalStateException on the driver, which never decodes an image
   */
  static void requireTask() {
    if (TaskContext.get() == null) {
      throw new IllegalStateException("images are decoded on Spark's executors, not the driver");
    }
  }

  /**
   * The partition's images.
   *
   * @throws IllegalStateException outside a Spark task: the driver never decodes an image
   * @throws DataSourceException naming the first unreadable file, by the listing's order
   */
  @Override
  public Iterator<PartitionImages> call(
      Iterator<Tuple2<Integer, FolderListing.ListedFile>> files) throws DataSourceException {
    requireTask();
    List<Tuple2<Integer, FolderListing.ListedFile>> sorted = new ArrayList<>();
    files.forEachRemaining(sorted::add);
    sorted.sort(Comparator.comparingInt(Tuple2::_1));
    ImageDecoder decoder = new ImageDecoder(target, source);
    int size = (int) target.size();
    byte[] pixels = new byte[Math.multiplyExact(size, sorted.size())];
    int[] labels = new int[sorted.size()];
    Configuration configuration = hadoop.value().value();
    for (int i = 0; i < labels.length; i++) {
      FolderListing.ListedFile file = sorted.get(i)._2();
      decoder.decode(read(file.uri(), configuration), file.uri(), pixels, i * size);
      labels[i] = file.label();
    }
    return List.of(new PartitionImages(ImageDataset.of(target, pixels, labels, classNames),
        List.copyOf(decoder.convertedShapes()))).iterator();
  }

  private byte[] read(String uri, Configuration configuration) throws DataSourceException {
    Path path = new Path(uri);
    try (InputStream in = path.getFileSystem(configuration).open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new DataSourceException(source + ": cannot read " + uri + " (" + e.getMessage()
          + "); make it readable from every node, or remove it", e);
    }
  }
}
