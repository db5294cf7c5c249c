package dev.resdsl.runtime.exec;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An inference convolution as one oneDNN primitive on NHWC arrays: {@code out = relu(conv(x, w) +
 * bias + out)}, the sum and the ReLU as post-ops when asked for. oneDNN chooses the weights'
 * layout; DL4J's {@code [out, in, kH, kW]} weights are reordered into it on the first call and
 * after {@link #weightsChanged}.
 *
 * <p>A convolution of the network's input may read it as it comes, NCHW ({@link
 * #planarInput}): for 16 output channels oneDNN's blocked {@code nChw16c} is NHWC's memory,
 * and its first-layer kernel reads NCHW into it several times faster than brgconv reads a
 * 3-channel NHWC copy, which then needs no transpose either.
 *
 * <p>The primitive is made for one batch size and remade when it changes. Not thread-safe.
 */
final class FusedConvolution {
  private static final int CHANNEL_BLOCK = 16;
  private final OneDnn dnn;
  private final stream stream;
  private final long[] input;
  private final long[] output;
  private final long[] weights;
  private final memory.format_tag weightsTag;
  private final int stride;
  private final int padding;
  private final boolean sum;
  private final boolean relu;
  private final boolean planarInput;
  private int batch = -1;
  private boolean weightsStale = true;
  private convolution_forward primitive;
  private reorder weightsReorder;
  private memory src;
  private memory dst;
  private memory userWeights;
  private memory biasMemory;
  private IntMemoryMap arguments;
  private IntMemoryMap reorderArguments;

  /**
   * @param input one example's {@code [C, H, W]}
   * @param output one example's {@code [C, H, W]}
   * @param groups the convolution's groups (ResNeXt's cardinality)
   * @param sum whether the result is added to what {@code out} holds
   * @param mayReadPlanarInput whether {@link #run} may be given the input NCHW, as it comes:
   *     then {@link #planarInput} says whether it must
   */
  FusedConvolution(OneDnn dnn, long[] input, long[] output, int kernel, int groups, int stride,
      int padding, boolean sum, boolean relu, boolean mayReadPlanarInput) {
    this.dnn = dnn;
    this.stream = dnn.newStream();
    this.input = input;
    this.output = output;
    this.weights = OneDnn.weightDimensions(input[0], output[0], kernel, groups);
    this.weightsTag = OneDnn.weightTag(groups);
    this.stride = stride;
    this.padding = padding;
    this.sum = sum;
    this.relu = relu;
    // NCHW in, NHWC out when the blocked layout oneDNN then writes, 16 channels a block, is
    // NHWC's memory, and when a kernel of its own runs it: on a CPU without one (AVX2's blocks
    // are 8 wide), its reference implementation would, a thousand times slower.
    this.planarInput = mayReadPlanarInput && groups == 1 && output[0] == CHANNEL_BLOCK
        && !descriptor(1, true).impl_info_str().getString().startsWith("ref");
  }

  /** The primitive's descriptor for {@code n} examples, NCHW in when {@code planar}. */
  private convolution_forward.primitive_desc descriptor(int n, boolean planar) {
    memory.desc srcDesc = OneDnn.activations(n, input,
        planar ? memory.format_tag.nchw : memory.format_tag.nhwc);
    memory.desc dstDesc = OneDnn.activations(n, output,
        planar ? memory.format_tag.nChw16c : memory.format_tag.nhwc);
    memory.desc anyWeights = new memory.desc(weights, memory.data_type.f32,
        memory.format_tag.any);
    memory.desc biasDesc = new memory.desc(new long[] {output[0]}, memory.data_type.f32,
        memory.format_tag.x);
    long[] strides = {stride, stride};
    long[] pads = {padding, padding};
    convolution_forward.desc desc = new convolution_forward.desc(
        dnnl.prop_kind.forward_inference, dnnl.algorithm.convolution_direct, srcDesc,
        anyWeights, biasDesc, dstDesc, strides, pads, pads);
    post_ops ops = new post_ops();
    if (sum) {
      ops.append_sum(1f, memory.data_type.undef);
    }
    if (relu) {
      ops.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
    }
    primitive_attr attributes = new primitive_attr();
    attributes.set_post_ops(ops);
    return new convolution_forward.primitive_desc(desc, attributes, dnn.engine);
  }

  /**
   * @param x NHWC input, NCHW when made to read a planar input
   * @param w {@code [out, in, kH, kW]}, c order
   * @param bias {@code [out]}
   * @param out NHWC, holding what is summed when this sums
   */
  void run(INDArray x, INDArray w, INDArray bias, INDArray out) {
    int n = (int) x.size(0);
    if (n != batch) {
      build(n);
    }
    src.set_data_handle(OneDnn.at(x));
    dst.set_data_handle(OneDnn.at(out));
    userWeights.set_data_handle(OneDnn.at(w));
    biasMemory.set_data_handle(OneDnn.at(bias));
    if (weightsStale) {
      weightsReorder.execute(stream, reorderArguments);
      weightsStale = false;
    }
    primitive.execute(stream, arguments);
    stream._wait();
  }

  /** Whether {@link #run} takes its input NCHW. */
  boolean planarInput() {
    return planarInput;
  }

  /** The weights given to {@link #run} hold new values. */
  void weightsChanged() {
    weightsStale = true;
  }

  private void build(int n) {
    convolution_forward.primitive_desc pd = descriptor(n, planarInput);
    memory.desc srcDesc = pd.src_desc();
    memory.desc dstDesc = pd.dst_desc();
    memory.desc biasDesc = pd.bias_desc();
    primitive = new convolution_forward(pd);
    src = new memory(srcDesc, dnn.engine, null);
    dst = new memory(dstDesc, dnn.engine, null);
    biasMemory = new memory(biasDesc, dnn.engine, null);
    userWeights = new memory(new memory.desc(weights, memory.data_type.f32, weightsTag),
        dnn.engine, null);
    memory primitiveWeights = new memory(pd.weights_desc(), dnn.engine);
    weightsReorder = new reorder(userWeights, primitiveWeights);
    arguments = new IntMemoryMap();
    arguments.put(dnnl.DNNL_ARG_SRC, src);
    arguments.put(dnnl.DNNL_ARG_WEIGHTS, primitiveWeights);
    arguments.put(dnnl.DNNL_ARG_BIAS, biasMemory);
    arguments.put(dnnl.DNNL_ARG_DST, dst);
    reorderArguments = new IntMemoryMap();
    reorderArguments.put(dnnl.DNNL_ARG_FROM, userWeights);
    reorderArguments.put(dnnl.DNNL_ARG_TO, primitiveWeights);
    batch = n;
    weightsStale = true; // a new primitive has its own weights memory
  }
}
