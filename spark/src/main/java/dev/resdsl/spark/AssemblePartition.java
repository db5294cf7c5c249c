package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.ImageConversion;
import dev.resdsl.runtime.data.ImageDataset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * Puts a partition's records together on its executor: each record's image and label (which an
 * IDX data set's two files deliver apart), in the order of their indices whatever order the
 * shuffle delivered them in, converted to the model's input as one machine converts them ({@link
 * ImageConversion}).
 */
final class AssemblePartition
    implements FlatMapFunction<Iterator<Tuple2<Integer, RecordPiece>>, PartitionImages> {
  private static final long serialVersionUID = 1L;

  private final Shape target;
  private final List<String> classNames;
  private final String source;
  private final String mismatch;

  /** @param mismatch the error of an image without a label or a label without an image */
  AssemblePartition(Shape target, List<String> classNames, String source, String mismatch) {
    this.target = target;
    this.classNames = List.copyOf(classNames);
    this.source = source;
    this.mismatch = mismatch;
  }

  /**
   * The partition's images.
   *
   * @throws IllegalStateException outside a Spark task: the driver never decodes an image
   * @throws DataSourceException if a record has an image and no label, or a label and no image
   */
  @Override
  public Iterator<PartitionImages> call(Iterator<Tuple2<Integer, RecordPiece>> records)
      throws DataSourceException {
    DecodePartition.requireTask();
    Map<Integer, byte[]> images = new TreeMap<>();
    Map<Integer, Integer> labels = new TreeMap<>();
    Shape own = target;
    while (records.hasNext()) {
      Tuple2<Integer, RecordPiece> record = records.next();
      RecordPiece piece = record._2();
      if (piece.pixels() != null) {
        images.put(record._1(), piece.pixels());
        own = piece.shape();
      }
      if (piece.label() >= 0) {
        labels.put(record._1(), piece.label());
      }
    }
    if (!images.keySet().equals(labels.keySet())) {
      throw new DataSourceException(mismatch);
    }
    int size = (int) own.size();
    byte[] pixels = new byte[Math.multiplyExact(size, images.size())];
    int[] labelled = new int[images.size()];
    int i = 0;
    for (Map.Entry<Integer, byte[]> image : images.entrySet()) {
      System.arraycopy(image.getValue(), 0, pixels, i * size, size);
      labelled[i++] = labels.get(image.getKey());
    }
    ImageDataset dataset = ImageDataset.of(own, pixels, labelled, classNames);
    if (own.equals(target)) {
      return List.of(new PartitionImages(dataset, List.of())).iterator();
    }
    return List.of(new PartitionImages(
        ImageConversion.between(own, target, source).apply(dataset, source),
        List.of(own))).iterator();
  }
}
