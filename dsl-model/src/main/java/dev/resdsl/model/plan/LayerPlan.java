package dev.resdsl.model.plan;

import dev.resdsl.model.Cost;
import dev.resdsl.model.LayerNames;
import dev.resdsl.runtime.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Every layer of a network in order, each reading only the input and layers before it, with the
 * stem and stages marked: what the network is, for every reader that needs to know.
 *
 * @param input the shape of one input image
 * @param layers the layers in order; the last is the dense softmax output layer
 * @param stages the stem (if any) and the stages, in order
 */
public record LayerPlan(Shape input, List<PlannedLayer> layers, List<PlannedStage> stages) {
  /** Copies the lists and checks that each layer reads only what comes before it. */
  public LayerPlan {
    layers = List.copyOf(layers);
    stages = List.copyOf(stages);
    Map<String, Integer> seen = new HashMap<>();
    seen.put(LayerNames.INPUT, -1);
    for (PlannedLayer layer : layers) {
      for (String from : layer.inputs()) {
        if (!seen.containsKey(from)) {
          throw new IllegalArgumentException(
              "layer " + layer.name() + " reads " + from + ", which does not come before it");
        }
      }
      if (seen.put(layer.name(), seen.size()) != null) {
        throw new IllegalArgumentException("two layers are named " + layer.name());
      }
    }
    if (layers.isEmpty() || !(layers.get(layers.size() - 1).op() instanceof LayerOp.DenseSoftmax)) {
      throw new IllegalArgumentException("a plan ends in its dense softmax layer");
    }
  }

  /** The layer named {@code name}. */
  public PlannedLayer layer(String name) {
    return layers.stream()
        .filter(layer -> layer.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("the plan has no layer " + name));
  }

  /** The dense softmax output layer. */
  public PlannedLayer output() {
    return layers.get(layers.size() - 1);
  }

  /** The number of classes. */
  public int classes() {
    return output().output().channels();
  }

  /** Trainable parameters and multiply-adds of the whole network. */
  public Cost cost() {
    return layers.stream().map(PlannedLayer::cost).reduce(Cost.ZERO, Cost::plus);
  }
}
