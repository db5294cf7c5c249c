package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.ImageDataset;
import dev.resdsl.runtime.data.ImageDecoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * Decodes a partition's image files on its executor with the runtime's own decoding ({@link
 * ImageDecoder}), in the order of the driver's listing whatever order the shuffle delivered them
 * in, so that a fixed partitioning gives the same images in the same places on every run.
 */
final class DecodePartition
    implements FlatMapFunction<Iterator<Tuple2<Integer, EncodedImage>>, PartitionImages> {
  private static final long serialVersionUID = 1L;

  private final int channels;
  private final int height;
  private final int width;
  private final List<String> classNames;
  private final String source;

  DecodePartition(Shape target, List<String> classNames, String source) {
    this.channels = target.channels();
    this.height = target.height();
    this.width = target.width();
    this.classNames = List.copyOf(classNames);
    this.source = source;
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
  public Iterator<PartitionImages> call(Iterator<Tuple2<Integer, EncodedImage>> files)
      throws DataSourceException {
    requireTask();
    List<EncodedImage> sorted = new ArrayList<>();
    files.forEachRemaining(file -> sorted.add(file._2()));
    sorted.sort(Comparator.comparingInt(EncodedImage::index));
    Shape target = new Shape(channels, height, width);
    ImageDecoder decoder = new ImageDecoder(target, source);
    int size = (int) target.size();
    byte[] pixels = new byte[Math.multiplyExact(size, sorted.size())];
    int[] labels = new int[sorted.size()];
    for (int i = 0; i < labels.length; i++) {
      EncodedImage file = sorted.get(i);
      decoder.decode(file.bytes(), file.uri(), pixels, i * size);
      labels[i] = file.label();
    }
    List<int[]> converted = decoder.convertedShapes().stream()
        .map(shape -> new int[] {shape.channels(), shape.height(), shape.width()})
        .toList();
    return List.of(new PartitionImages(
        ImageDataset.of(target, pixels, labels, classNames), converted)).iterator();
  }
}
