package dev.resdsl.runtime.graph;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a {@link GroupedConvolution} keeps its parameters in its view of the graph's parameters:
 * the weights {@code W} first, {@code [out, in / groups, k, k]} in C order, then the bias {@code
 * b}, {@code [1, out]}. Weights are He-initialised over what one output sees, {@code in / groups *
 * k * k} inputs; the bias starts at zero.
 */
final class GroupedConvolutionParams implements ParamInitializer {
  static final GroupedConvolutionParams INSTANCE = new GroupedConvolutionParams();

  /** The weights' key, as Deeplearning4j's own convolutions name it. */
  static final String WEIGHTS = DefaultParamInitializer.WEIGHT_KEY;
  /** The bias's key, as Deeplearning4j's own convolutions name it. */
  static final String BIAS = DefaultParamInitializer.BIAS_KEY;

  private GroupedConvolutionParams() {}

  @Override
  public long numParams(NeuralNetConfiguration conf) {
    return numParams(conf.getLayer());
  }

  @Override
  public long numParams(Layer layer) {
    GroupedConvolution conv = (GroupedConvolution) layer;
    return weights(conv) + (conv.hasBias() ? conv.getNOut() : 0);
  }

  private static long weights(GroupedConvolution conv) {
    return conv.getNOut() * conv.getNIn() / conv.groups() * conv.kernel() * conv.kernel();
  }

  private static long[] weightShape(GroupedConvolution conv) {
    return new long[] {conv.getNOut(), conv.getNIn() / conv.groups(), conv.kernel(),
        conv.kernel()};
  }

  @Override
  public List<String> paramKeys(Layer layer) {
    return ((GroupedConvolution) layer).hasBias() ? List.of(WEIGHTS, BIAS) : List.of(WEIGHTS);
  }

  @Override
  public List<String> weightKeys(Layer layer) {
    return List.of(WEIGHTS);
  }

  @Override
  public List<String> biasKeys(Layer layer) {
    return ((GroupedConvolution) layer).hasBias() ? List.of(BIAS) : List.of();
  }

  @Override
  public boolean isWeightParam(Layer layer, String key) {
    return WEIGHTS.equals(key);
  }

  @Override
  public boolean isBiasParam(Layer layer, String key) {
    return BIAS.equals(key);
  }

  @Override
  public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view,
      boolean initialize) {
    GroupedConvolution conv = (GroupedConvolution) conf.getLayer();
    Map<String, INDArray> params = views(conv, view);
    if (initialize) {
      long fanIn = conv.getNIn() / conv.groups() * conv.kernel() * conv.kernel();
      long fanOut = conv.getNOut() / conv.groups() * conv.kernel() * conv.kernel();
      conv.getWeightInitFn().init(fanIn, fanOut, weightShape(conv), 'c', params.get(WEIGHTS));
      if (conv.hasBias()) {
        params.get(BIAS).assign(conv.getBiasInit());
      }
    }
    return params;
  }

  @Override
  public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf,
      INDArray view) {
    return views((GroupedConvolution) conf.getLayer(), view);
  }

  /** The weights' and the bias's views into a flat {@code [1, n]} array. */
  private static Map<String, INDArray> views(GroupedConvolution conv, INDArray view) {
    long weights = weights(conv);
    INDArray flat = view.rank() == 2 ? view.get(point(0), interval(0, view.length())) : view;
    Map<String, INDArray> params = new LinkedHashMap<>();
    params.put(WEIGHTS, flat.get(interval(0, weights)).reshape('c', weightShape(conv)));
    if (conv.hasBias()) {
      params.put(BIAS, flat.get(interval(weights, weights + conv.getNOut()))
          .reshape('c', 1, conv.getNOut()));
    }
    return params;
  }
}
