package dev.resdsl.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Mini-batches: their shapes, labels, normalisation, augmentation and order. */
class BatchesTest {
  private static final Shape SMALL = new Shape(2, 3, 4);

  /** {@code count} images whose every pixel holds the image's number, labels cycling 0, 1, 2. */
  private static ImageDataset numbered(int count) {
    byte[] pixels = new byte[(int) (count * SMALL.size())];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      java.util.Arrays.fill(
          pixels, (int) (i * SMALL.size()), (int) ((i + 1) * SMALL.size()), (byte) i);
      labels[i] = i % 3;
    }
    return ImageDataset.of(SMALL, pixels, labels, List.of("a", "b", "c"));
  }

  /** The image numbers of a batch of {@link #numbered} images under the identity normalisation. */
  private static List<Integer> numbers(DataSet batch) {
    List<Integer> numbers = new ArrayList<>();
    for (int k = 0; k < batch.numExamples(); k++) {
      numbers.add(Math.round(batch.getFeatures().getFloat(k, 1, 2, 3) * 255));
    }
    return numbers;
  }

  private static List<Integer> epoch(DataSetIterator batches) {
    List<Integer> numbers = new ArrayList<>();
    while (batches.hasNext()) {
      numbers.addAll(numbers(batches.next()));
    }
    return numbers;
  }

  @Test
  void batchesHaveTheShapesAndOneHotLabelsOfTheModel() {
    ImageDataset data = numbered(10);
    DataSetIterator batches =
        Batches.training(data, 4, Normalization.identity(2), Augmentation.NONE, 1, 5);
    assertEquals(4, batches.batch());
    assertEquals(24, batches.inputColumns());
    assertEquals(5, batches.totalOutcomes());
    assertEquals(List.of("a", "b", "c", "unused 3", "unused 4"), batches.getLabels());
    assertTrue(batches.resetSupported());
    assertFalse(batches.asyncSupported());
    List<Integer> sizes = new ArrayList<>();
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      int n = batch.numExamples();
      sizes.add(n);
      assertArrayEquals(new long[] {n, 2, 3, 4}, batch.getFeatures().shape());
      assertArrayEquals(new long[] {n, 5}, batch.getLabels().shape());
      assertEquals(DataType.FLOAT, batch.getFeatures().dataType());
      assertEquals(DataType.FLOAT, batch.getLabels().dataType());
      List<Integer> numbers = numbers(batch);
      for (int k = 0; k < n; k++) {
        INDArray row = batch.getLabels().getRow(k);
        assertEquals(1.0, row.sumNumber().doubleValue(), 0);
        assertEquals(1.0, row.getDouble(numbers.get(k) % 3), 0);
      }
    }
    // Nothing dropped: the last batch is the remainder.
    assertEquals(List.of(4, 4, 2), sizes);
  }

  @Test
  void eachEpochIsAReproduciblePermutation() {
    ImageDataset data = numbered(50);
    ImageBatches a = Batches.training(data, 8, Normalization.identity(2), Augmentation.NONE, 9, 3);
    ImageBatches b = Batches.training(data, 8, Normalization.identity(2), Augmentation.NONE, 9, 3);
    List<Integer> first = epoch(a);
    assertEquals(50, new HashSet<>(first).size(), "every image once");
    assertNotEquals(sorted(first), first, "shuffled");
    // reset() after an epoch starts the next, in a new order.
    a.reset();
    assertEquals(1, a.epoch());
    List<Integer> second = epoch(a);
    assertNotEquals(first, second);
    assertEquals(sorted(first), sorted(second));
    // Epoch k's order depends on the seed and k alone: a resumed run sees the same batches.
    b.setEpoch(1);
    assertEquals(second, epoch(b));
    b.setEpoch(0);
    assertEquals(first, epoch(b));
    // Batch sizes do not change the order; another seed does.
    ImageBatches c = Batches.training(data, 7, Normalization.identity(2), Augmentation.NONE, 9, 3);
    assertEquals(first, epoch(c));
    ImageBatches d = Batches.training(data, 8, Normalization.identity(2), Augmentation.NONE, 10, 3);
    assertNotEquals(first, epoch(d));
  }

  @Test
  void resetBeforeAnEpochHasBegunKeepsIt() {
    ImageBatches batches =
        Batches.training(numbered(20), 8, Normalization.identity(2), Augmentation.NONE, 9, 3);
    batches.reset();
    assertEquals(0, batches.epoch());
    batches.next();
    batches.reset();
    assertEquals(1, batches.epoch());
    assertEquals(0, batches.position());
  }

  @Test
  void evaluationIsInOrderAndRepeats() {
    ImageDataset data = numbered(11);
    DataSetIterator batches = Batches.evaluation(data, 4, Normalization.identity(2), 3);
    List<Integer> inOrder = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertEquals(inOrder, epoch(batches));
    batches.reset();
    assertEquals(inOrder, epoch(batches));
  }

  @Test
  void normalisedTrainingImagesHaveZeroMeanAndUnitStdPerChannel() throws Exception {
    ImageDataset data = new SyntheticImages(new Shape(3, 16, 16)).draw(300, 4);
    Normalization normalization = Normalization.of(data);
    DataSetIterator batches = Batches.evaluation(data, 64, normalization, 10);
    double[] sum = new double[3];
    double[] squares = new double[3];
    long count = 0;
    while (batches.hasNext()) {
      INDArray features = batches.next().getFeatures();
      for (int c = 0; c < 3; c++) {
        INDArray channel =
            features.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(c));
        sum[c] += channel.sumNumber().doubleValue();
        squares[c] += channel.mul(channel).sumNumber().doubleValue();
      }
      count += features.size(0) * 16 * 16;
    }
    for (int c = 0; c < 3; c++) {
      double mean = sum[c] / count;
      assertEquals(0, mean, 1e-4, "channel " + c);
      assertEquals(1, Math.sqrt(squares[c] / count - mean * mean), 1e-4, "channel " + c);
    }
    // The same as normalising floats in [0, 1] with ND4J.
    DataSet first = Batches.evaluation(data, 5, normalization, 10).next();
    float[] raw = new float[(int) (5 * data.shape().size())];
    for (int i = 0; i < 5; i++) {
      System.arraycopy(
          data.image(i), 0, raw, (int) (i * data.shape().size()), (int) data.shape().size());
    }
    INDArray expected =
        normalization.apply(Nd4j.create(raw, data.shape().batchOf(5), DataType.FLOAT));
    assertTrue(expected.equalsWithEps(first.getFeatures(), 1e-5));
  }

  @Test
  void augmentationShiftsByAtMostThePaddingAndFlips() {
    // One image of distinct non-zero pixels, so each crop and flip can be recognised.
    Shape shape = new Shape(1, 10, 10);
    byte[] pixels = new byte[100];
    for (int k = 0; k < 100; k++) {
      pixels[k] = (byte) (1 + k);
    }
    ImageDataset one = ImageDataset.of(shape, pixels, new int[] {0}, List.of("only"));
    ImageBatches batches =
        Batches.training(one, 1, Normalization.identity(1), Augmentation.PAPER, 3, 1);
    Set<String> seen = new HashSet<>();
    for (int epoch = 0; epoch < 400; epoch++) {
      batches.setEpoch(epoch);
      INDArray image = batches.next().getFeatures();
      String placement = placement(pixels, image);
      assertTrue(placement != null, "epoch " + epoch + ": no shift of at most 4 and flip fits");
      seen.add(placement);
    }
    // 9 x 9 shifts, each flipped or not: 400 draws see every shift each way, and both flips.
    Set<String> shifts = new HashSet<>();
    Set<String> flips = new HashSet<>();
    for (String placement : seen) {
      String[] parts = placement.split(",");
      shifts.add(parts[0]);
      shifts.add(parts[1]);
      flips.add(parts[2]);
    }
    assertEquals(Set.of("-4", "-3", "-2", "-1", "0", "1", "2", "3", "4"), shifts);
    assertEquals(Set.of("true", "false"), flips);
    assertTrue(seen.size() > 100, seen.size() + " placements of 162");
  }

  // "dy,dx,flip" such that out(y, x) = in(y + dy, (flip ? 9 - x : x) + dx), zeros outside.
  private static String placement(byte[] pixels, INDArray image) {
    for (int dy = -4; dy <= 4; dy++) {
      for (int dx = -4; dx <= 4; dx++) {
        for (boolean flip : new boolean[] {false, true}) {
          boolean fits = true;
          for (int y = 0; y < 10 && fits; y++) {
            for (int x = 0; x < 10 && fits; x++) {
              int sy = y + dy;
              int sx = (flip ? 9 - x : x) + dx;
              int expected = sy < 0 || sy > 9 || sx < 0 || sx > 9 ? 0 : pixels[sy * 10 + sx];
              fits = Math.round(image.getFloat(0, 0, y, x) * 255) == expected;
            }
          }
          if (fits) {
            return dy + "," + dx + "," + flip;
          }
        }
      }
    }
    return null;
  }

  @Test
  void theModelNeedsAnOutputPerClass() {
    ImageDataset data = numbered(3);
    assertThrows(
        IllegalArgumentException.class,
        () -> Batches.evaluation(data, 4, Normalization.identity(2), 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> Batches.evaluation(data, 4, Normalization.identity(3), 3));
  }

  private static List<Integer> sorted(List<Integer> numbers) {
    List<Integer> sorted = new ArrayList<>(numbers);
    sorted.sort(null);
    return sorted;
  }
}
