package dev.resdsl.spark;

import dev.resdsl.runtime.backend.NativeBackend;
import dev.resdsl.runtime.exec.BatchScore;
import dev.resdsl.runtime.train.ScoreSum;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.evaluation.BaseEvaluation;
import org.nd4j.evaluation.IMetric;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loss and error of a network over labelled batches, measured on the workers that
 * hold them: a Deeplearning4j evaluation of the network's logits, scored by {@link BatchScore} as
 * a step on one machine is, and summed into a {@link ScoreSum} that Spark merges.
 */
final class TrainingFit extends BaseEvaluation<TrainingFit> {
  private static final long serialVersionUID = 1L;

  /** Batches a worker evaluates at once; memory only, not results. */
  private static final int EVALUATION_BATCH = 256;

  private ScoreSum sum = new ScoreSum();

  /** Measures {@code graph} in inference mode over {@code batches} on Spark. */
  static ScoreSum measure(JavaSparkContext spark, ComputationGraph graph,
      JavaRDD<DataSet> batches) {
    // A measurement trains nothing: no training master.
    SparkComputationGraph logits = new SparkComputationGraph(spark, logitsOf(graph), null);
    // Local workers get the layer helpers the fit's have (SparkTrainer says why).
    return NativeBackend.withLayerHelpers(
        () -> logits.doEvaluation(batches, new TrainingFit(), EVALUATION_BATCH)).sum;
  }

  /**
   * The graph with its outputs' softmax left out, on the same parameters: a softmax probability
   * that underflowed would lose the loss that {@link BatchScore} computes exactly from logits.
   */
  private static ComputationGraph logitsOf(ComputationGraph graph) {
    ComputationGraphConfiguration configuration = graph.getConfiguration().clone();
    for (String output : configuration.getNetworkOutputs()) {
      LayerVertex vertex = (LayerVertex) configuration.getVertices().get(output);
      ((BaseLayer) vertex.getLayerConf().getLayer()).setActivationFn(new ActivationIdentity());
    }
    ComputationGraph logits = new ComputationGraph(configuration);
    logits.init(graph.params(), false);
    return logits;
  }

  /** Adds a batch; {@code logits} are what the graph of {@link #logitsOf} outputs. */
  @Override
  public void eval(INDArray labels, INDArray logits, INDArray mask,
      List<? extends Serializable> recordMetaData) {
    if (mask != null) {
      throw new IllegalArgumentException("image batches have no masks");
    }
    sum.add(BatchScore.of(logits, labels));
  }

  @Override
  public void merge(TrainingFit other) {
    sum.add(other.sum);
  }

  @Override
  public void reset() {
    sum = new ScoreSum();
  }

  @Override
  public String stats() {
    return String.format(java.util.Locale.ROOT, "%d images: loss %.4f, error %.4f", sum.count(),
        sum.loss(), sum.error());
  }

  @Override
  public double getValue(IMetric metric) {
    throw new UnsupportedOperationException("TrainingFit has a ScoreSum only");
  }

  @Override
  public TrainingFit newInstance() {
    return new TrainingFit();
  }
}
