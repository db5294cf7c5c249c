package dev.resdsl.examples.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.graph.GraphParameters;
import dev.resdsl.runtime.onnx.OnnxExport;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What the ONNX tests share: an exported model run in onnxruntime as a client runs it, the
 * comparison of log-probabilities, and inputs and batch norms that make that comparison telling.
 */
public final class OnnxRuntimeClient {
  /**
   * How far onnxruntime's log-probabilities may be from {@code predict}'s. Both compute in float32
   * but in other orders (onnxruntime folds each batch norm into its convolution, ResDSL's engine
   * does too but with other kernels), which moves a logit by about 1e-6 of its size; 1e-4 leaves
   * room for that over fifty layers and still catches any wrong weight, padding or channel order.
   */
  public static final double LOG_PROBABILITY_TOLERANCE = 1e-4;

  private OnnxRuntimeClient() {}

  /** The model's {@value OnnxExport#OUTPUT} for {@code images}, in onnxruntime on two threads. */
  public static INDArray probabilities(Path model, INDArray images) throws OrtException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(2);
      float[] pixels = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
      try (OrtSession session = environment.createSession(model.toString(), options);
          OnnxTensor input =
              OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), images.shape());
          OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
        float[][] probabilities =
            (float[][]) result.get(OnnxExport.OUTPUT).orElseThrow().getValue();
        return Nd4j.create(probabilities);
      }
    }
  }

  /** The largest difference between the logarithms of two arrays of probabilities. */
  public static double maxLogDifference(INDArray expected, INDArray actual) {
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      throw new AssertionError("shapes differ: expected " + Arrays.toString(expected.shape())
          + ", got " + Arrays.toString(actual.shape()));
    }
    INDArray a = Transforms.log(expected.castTo(DataType.DOUBLE), true);
    INDArray b = Transforms.log(actual.castTo(DataType.DOUBLE), true);
    return a.sub(b).amaxNumber().doubleValue();
  }

  /**
   * {@code batch} images of the network's input shape, standard normal, drawn from {@code seed}.
   */
  public static INDArray images(GeneratedNetwork network, int batch, long seed) {
    Random random = new Random(seed);
    long[] shape = network.description().input().batchOf(batch);
    float[] pixels = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (x, y) -> x * y))];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextGaussian();
    }
    return Nd4j.create(pixels, shape, 'c');
  }

  /**
   * Moves every batch norm away from the identity that initialisation leaves (gamma 1, beta 0,
   * mean 0, variance 1), so that a batch norm read in the wrong order or left out shows.
   */
  public static void randomiseBatchNorms(GeneratedNetwork network, long seed) {
    Random random = new Random(seed);
    for (PlannedLayer layer : network.plan().layers()) {
      if (!(layer.op() instanceof LayerOp.BatchNorm)) {
        continue;
      }
      fill(network, layer, Parameter.GAMMA, random, 0.5, 1.0);
      fill(network, layer, Parameter.BETA, random, -0.2, 0.4);
      fill(network, layer, Parameter.RUNNING_MEAN, random, -0.2, 0.4);
      fill(network, layer, Parameter.RUNNING_VAR, random, 0.5, 1.0);
    }
  }

  /**
   * Scales the dense layer so that its logits for {@code images} spread over a few units, and
   * returns their standard deviation before. Freshly initialised ImageNet networks, whose batch
   * norms have not seen data, give logits hundreds apart: a softmax that saturates to 0 and 1 in
   * float32, whose logarithm says nothing; torchvision's fixtures are scaled alike.
   */
  public static double spreadLogits(GeneratedNetwork network, INDArray images) {
    PlannedLayer dense = network.plan().output();
    INDArray features = network.graph().feedForward(images, false).get(dense.inputs().get(0));
    features = features.reshape('c', features.size(0), features.length() / features.size(0));
    INDArray weights = GraphParameters.array(network.graph(), dense.name(), Parameter.WEIGHT);
    INDArray bias = GraphParameters.array(network.graph(), dense.name(), Parameter.BIAS);
    double spread = features.mmul(weights).addRowVector(bias).stdNumber().doubleValue();
    weights.muli(2 / spread);
    bias.muli(2 / spread);
    return spread;
  }

  private static void fill(GeneratedNetwork network, PlannedLayer layer, Parameter parameter,
      Random random, double from, double width) {
    INDArray array = GraphParameters.array(network.graph(), layer.name(), parameter);
    for (long i = 0; i < array.length(); i++) {
      array.putScalar(i, from + width * random.nextDouble());
    }
  }
}
