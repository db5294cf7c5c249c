package dev.resdsl.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.PaperNetworks;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.data.Batches;
import dev.resdsl.runtime.data.DataSplit;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.data.SyntheticImages;
import dev.resdsl.runtime.train.Trainer;
import dev.resdsl.runtime.train.TrainingFixtures;
import dev.resdsl.runtime.train.TrainingConfig;
import dev.resdsl.runtime.train.TrainingData;
import dev.resdsl.runtime.train.TrainingProgress;
import dev.resdsl.runtime.train.TrainingState;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Top-1, top-5 and the confusion matrix, against a count of our own over predict. */
class EvaluatorTest {

  /** {images, top-1 correct, top-5 correct} counted from predict's outputs, sorted by hand. */
  private static long[] countByHand(GeneratedNetwork network, DataSetIterator batches) {
    long images = 0;
    long top1 = 0;
    long top5 = 0;
    batches.reset();
    while (batches.hasNext()) {
      DataSet batch = batches.next();
      float[][] p = network.predict(batch.getFeatures()).toFloatMatrix();
      float[][] y = batch.getLabels().toFloatMatrix();
      for (int i = 0; i < p.length; i++) {
        float[] row = p[i];
        float[] onehot = y[i];
        int label = IntStream.range(0, onehot.length).filter(c -> onehot[c] == 1f).findFirst()
            .orElseThrow();
        List<Integer> ranked = IntStream.range(0, row.length).boxed()
            .sorted(Comparator.comparingDouble((Integer c) -> row[c]).reversed()).toList();
        top1 += ranked.get(0) == label ? 1 : 0;
        top5 += ranked.subList(0, Math.min(5, ranked.size())).contains(label) ? 1 : 0;
        images++;
      }
    }
    return new long[] {images, top1, top5};
  }

  private static void checkConfusion(Evaluation e, int[] classCounts) {
    long diagonal = 0;
    long total = 0;
    for (int a = 0; a < e.confusion().length; a++) {
      long row = Arrays.stream(e.confusion()[a]).sum();
      assertEquals(a < classCounts.length ? classCounts[a] : 0, row, "row " + a);
      diagonal += e.confusion()[a][a];
      total += row;
    }
    assertEquals(e.images(), total);
    assertEquals(e.top1Correct(), diagonal);
  }

  @Test
  void trainedTinyNetIsCountedAsPredictSaysWithTop5OfOneForFiveClasses() throws Exception {
    DataSplit split = TrainingFixtures.colourSplit(320, 100, 3);
    TrainingConfig config = TrainingConfig.paper(2).toBuilder().batchSize(32).seed(3).build();
    TinyNet network = TinyNet.create(3);
    TrainingData data = TrainingData.of(split, config, 5);
    new Trainer(config, TrainingProgress.SILENT).train(network, data,
        TrainingState.start(3, data), Optional.empty());
    Evaluation e = Evaluator.evaluate(network, data.test());
    long[] mine = countByHand(network, data.test());
    assertEquals(100, e.images());
    assertEquals(mine[0], e.images());
    assertEquals(mine[1], e.top1Correct());
    assertEquals(1.0, e.top5Accuracy(), "five classes: the label is always among the top five");
    assertEquals(mine[2], e.top5Correct());
    assertEquals(1 - e.top1Accuracy(), e.top1Error(), 1e-12);
    assertTrue(e.top1Accuracy() > 0 && e.top1Accuracy() < 1, "a meaningful test: " + e);
    checkConfusion(e, split.test().classCounts());
    String text = e.toText(split.test().classNames());
    assertTrue(text.startsWith("100 images: top-1 accuracy "), text);
    assertTrue(text.contains("top-5 accuracy 100.00%"), text);
    // Accuracies, a title, the column numbers, then one row per class.
    assertEquals(3 + 5, text.lines().count(), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("0 red")), text);
  }

  @Test
  void tenClassesHaveATop5BetweenTop1AndOne() {
    // An untrained ResNet-20 guesses: top-5 is then about half, top-1 about a tenth. Its
    // probabilities can tie; ties rank the lower class first, for top-5 as for top-1.
    Shape input = new Shape(3, 32, 32);
    GeneratedNetwork network = PaperNetworks.resNet20();
    DataSplit split;
    try {
      split = new SyntheticImages(input).split(10, 60, 5);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    DataSetIterator batches = Batches.evaluation(split.test(), 32,
        Normalization.of(split.train()), 10);
    Evaluation e = Evaluator.evaluate(network, batches);
    long[] mine = countByHand(network, batches);
    assertEquals(60, e.images());
    assertEquals(mine[1], e.top1Correct());
    assertEquals(mine[2], e.top5Correct());
    assertTrue(e.top5Correct() >= e.top1Correct());
    assertTrue(e.top5Accuracy() < 1 && e.top5Correct() > e.top1Correct(), e.toString());
    checkConfusion(e, split.test().classCounts());
  }
}
