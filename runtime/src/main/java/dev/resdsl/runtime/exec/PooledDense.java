package dev.resdsl.runtime.exec;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A global average pool and the dense layer after it as one oneDNN inner product over the NHWC
 * positions: {@code mean(x) W + b = x . (W / positions, at every position) + b}. Where libnd4j
 * took a mean, a product, a bias addition and an allocation (four fork-joins on two contended
 * cores), this is one primitive over a few MB.
 *
 * <p>The weights at every position are derived from the dense layer's on the first call and
 * after {@link #weightsChanged}. Made for one batch size and remade when it changes. Not
 * thread-safe.
 */
final class PooledDense {
  /** The most floats of weights spread over the positions: 4 MB. */
  private static final long MOST_SPREAD = 1 << 20;

  private final OneDnn dnn;
  private final stream stream;
  private final long[] input;
  private final INDArray dense;
  private final INDArray bias;
  private final INDArray spread;
  private int batch = -1;
  private boolean weightsStale = true;
  private inner_product_forward primitive;
  private memory src;
  private memory weights;
  private memory biasMemory;
  private memory dst;
  private IntMemoryMap arguments;

  /**
   * @param input one example's {@code [C, H, W]} before the pool
   * @param dense the dense layer's {@code [C, classes]} weights
   * @param bias its {@code [classes]} bias, dense
   */
  PooledDense(OneDnn dnn, long[] input, INDArray dense, INDArray bias) {
    this.dnn = dnn;
    this.stream = dnn.newStream();
    this.input = input;
    this.dense = dense;
    this.bias = bias;
    // [classes, H, W, C] in c order: oneDNN's ohwi, the layout of NHWC's examples.
    this.spread = Nd4j.create(DataType.FLOAT, dense.size(1), input[1], input[2], input[0]);
  }

  /**
   * Whether this pays for an input of one example's {@code [C, H, W]} and {@code classes}: the
   * product does {@code classes} multiply-adds per input value where the pool does one add, which
   * for CIFAR's 10 classes over 8x8 positions (weights of 160 KB) is less than a fork-join, and
   * for ImageNet's 1,000 over 7x7x2048 (3.2 GFLOP a batch of 16, weights of 400 MB) is not.
   */
  static boolean pays(long[] input, long classes) {
    return input[0] * input[1] * input[2] * classes <= MOST_SPREAD;
  }

  /** The dense layer's weights hold new values. */
  void weightsChanged() {
    weightsStale = true;
  }

  /**
   * @param x NHWC, dense
   * @param logits {@code [N, classes]}, dense: overwritten
   */
  void run(INDArray x, INDArray logits) {
    int n = (int) x.size(0);
    if (n != batch) {
      build(n);
    }
    if (weightsStale) {
      long classes = dense.size(1);
      long positions = input[1] * input[2];
      INDArray perClass = dense.transpose().dup('c').reshape(classes, 1, input[0]);
      spread.reshape(classes, positions, input[0])
          .assign(Nd4j.tile(perClass, 1, (int) positions, 1).divi(positions));
      weightsStale = false;
    }
    src.set_data_handle(OneDnn.at(x));
    weights.set_data_handle(OneDnn.at(spread));
    biasMemory.set_data_handle(OneDnn.at(bias));
    dst.set_data_handle(OneDnn.at(logits));
    primitive.execute(stream, arguments);
    stream._wait();
  }

  private void build(int n) {
    long classes = dense.size(1);
    memory.desc srcDesc = OneDnn.activations(n, input, memory.format_tag.nhwc);
    memory.desc weightsDesc = new memory.desc(new long[] {classes, input[0], input[1], input[2]},
        memory.data_type.f32, memory.format_tag.ohwi);
    memory.desc biasDesc = new memory.desc(new long[] {classes}, memory.data_type.f32,
        memory.format_tag.x);
    memory.desc dstDesc = new memory.desc(new long[] {n, classes}, memory.data_type.f32,
        memory.format_tag.nc);
    inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(
        new inner_product_forward.desc(dnnl.prop_kind.forward_inference, srcDesc, weightsDesc,
            biasDesc, dstDesc),
        dnn.engine);
    primitive = new inner_product_forward(pd);
    src = new memory(srcDesc, dnn.engine, null);
    weights = new memory(weightsDesc, dnn.engine, null);
    biasMemory = new memory(biasDesc, dnn.engine, null);
    dst = new memory(dstDesc, dnn.engine, null);
    arguments = new IntMemoryMap();
    arguments.put(dnnl.DNNL_ARG_SRC, src);
    arguments.put(dnnl.DNNL_ARG_WEIGHTS, weights);
    arguments.put(dnnl.DNNL_ARG_BIAS, biasMemory);
    arguments.put(dnnl.DNNL_ARG_DST, dst);
    batch = n;
  }
}
