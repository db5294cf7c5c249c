package dev.resdsl.runtime.train;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/** Puts a training configuration's optimiser into a graph's layer configurations. */
public final class OptimizerSetup {
  private OptimizerSetup() {}

  /**
   * Sets SGD with momentum and L2 weight decay on every layer of a graph that has not trained
   * yet. A graph restored from a checkpoint keeps the optimiser and state it was saved with:
   * {@code config}'s momentum and weight decay do not apply to it (the trainers set its learning
   * rate every epoch), which is why {@code resdsl train --resume} refuses {@code --momentum} and
   * {@code --weight-decay}.
   */
  public static void configure(ComputationGraph graph, TrainingConfig config) {
    if (graph.getUpdater(false) != null) {
      return;
    }
    IUpdater updater = config.momentum() > 0
        ? new Nesterovs(config.learningRate(), config.momentum())
        : new Sgd(config.learningRate());
    // L2 added to the gradient before the update is PyTorch's weight_decay; DL4J's WeightDecay
    // would be applied after it.
    List<Regularization> decay = config.weightDecay() > 0
        ? List.of(new L2Regularization(config.weightDecay()))
        : List.of();
    for (GraphVertex vertex : graph.getConfiguration().getVertices().values()) {
      if (vertex instanceof LayerVertex layer) {
        apply(layer.getLayerConf().getLayer(), updater, decay);
      }
    }
    for (Layer layer : graph.getLayers()) {
      apply(layer.conf().getLayer(), updater, decay);
    }
  }

  private static void apply(
      org.deeplearning4j.nn.conf.layers.Layer layer, IUpdater updater, List<Regularization> decay) {
    if (layer instanceof BaseLayer base) {
      base.setIUpdater(updater.clone());
      base.setBiasUpdater(null);
      base.setRegularization(decay);
      base.setRegularizationBias(decay);
    }
  }
}
