package dev.resdsl.runtime.exec;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training convolution as oneDNN primitives over ND4J's arrays, NCHW or NHWC ({@link
 * ChannelsLast}) as the caller says: forward-training, then
 * backward-data and backward-weights, with the weights' (and bias') gradient written into DL4J's
 * own gradient arrays in DL4J's {@code [out, in / groups, kH, kW]} layout. oneDNN chooses the
 * layouts it computes in; activations are reordered into them and back, and DL4J's weights once a
 * step for each pass that reads them (the updater changes them between steps). The input in
 * oneDNN's layout is kept from the forward pass for backward-weights.
 *
 * <p>The primitives are made for one batch size and remade when it changes. Not thread-safe.
 */
final class TrainingConvolution {
  /** Scratch slots: the output or its gradient, the input's gradient, and fallbacks. */
  static final int SLOTS = 4;

  private static final int OUTPUT_SLOT = 0;
  private static final int INPUT_GRADIENT_SLOT = 1;
  private static final int OUTPUT_GRADIENT_SLOT = 2;
  private static final int INPUT_SLOT = 3;
  private static final int KEPT = -1;
  /** {@link #KEPT}, and copied in Java ({@link BlockedCopy}) where the layout allows. */
  private static final int WEIGHTS = -2;

  /**
   * The activations' layout inside the primitives: {@code nhwc}, or {@code any} for oneDNN's
   * choice (its blocked {@code nChw16c}), by {@code -Dresdsl.fast.train.layout}; see BENCHMARKS.
   */
  private static final memory.format_tag LAYOUT =
      "any".equals(System.getProperty("resdsl.fast.train.layout", "nhwc"))
          ? memory.format_tag.any : memory.format_tag.nhwc;

  private final OneDnn dnn;
  private final stream stream;
  private final Scratch scratch;
  private final long[] input;
  private final long[] output;
  private final long[] weights;
  private final memory.format_tag weightsTag;
  private final long[] strides;
  private final long[] pads;
  private final boolean bias;
  private final boolean inputGradient;
  private final memory.format_tag inputLayout;
  private final memory.format_tag outputLayout;
  private int batch = -1;

  private convolution_forward forward;
  private IntMemoryMap forwardArguments;
  private Operand src;
  private Operand forwardWeights;
  private Operand biasValues;
  private Operand dst;

  private convolution_backward_data backwardData;
  private IntMemoryMap backwardDataArguments;
  private Operand dataWeights;
  private Operand diffDst;
  private Operand diffSrc;

  private convolution_backward_weights backwardWeights;
  private IntMemoryMap backwardWeightsArguments;
  private Operand weightsSrc;
  private Operand weightsDiffDst;
  private Operand diffWeights;
  private Operand diffBias;

  /**
   * @param input one example's {@code [C, H, W]}
   * @param output one example's {@code [C, H, W]}
   * @param bias whether the convolution has a bias
   * @param inputGradient whether backward computes the input's gradient (not for the images)
   * @param inputLayout how the input and its gradient lie in memory: {@code nchw} or {@code nhwc}
   * @param outputLayout how the output and its gradient lie in memory
   */
  TrainingConvolution(OneDnn dnn, Scratch scratch, long[] input, long[] output, int kernel,
      int groups, int stride, int padding, boolean bias, boolean inputGradient,
      memory.format_tag inputLayout, memory.format_tag outputLayout) {
    this.dnn = dnn;
    this.stream = dnn.newStream();
    this.scratch = scratch;
    this.input = input;
    this.output = output;
    this.weights = OneDnn.weightDimensions(input[0], output[0], kernel, groups);
    this.weightsTag = OneDnn.weightTag(groups);
    this.strides = new long[] {stride, stride};
    this.pads = new long[] {padding, padding};
    this.bias = bias;
    this.inputGradient = inputGradient;
    this.inputLayout = inputLayout;
    this.outputLayout = outputLayout;
  }

  /**
   * {@code out = conv(x, w) + bias}, keeping what backward needs.
   *
   * @param x in the input's layout, to stay unchanged until {@link #backward}
   * @param w {@code [out, in / groups, kH, kW]}, c order
   * @param b {@code [out]}, or null without a bias
   */
  void forward(INDArray x, INDArray w, INDArray b, INDArray out) {
    int n = (int) x.size(0);
    if (n != batch) {
      build(n);
    }
    src.load(x);
    forwardWeights.load(w);
    if (bias) {
      biasValues.load(b);
    }
    dst.bind(out);
    forward.execute(stream, forwardArguments);
    dst.store();
    stream._wait();
  }

  /**
   * The gradients of the last {@link #forward}'s input, weights and bias from its output's.
   *
   * @param gradIn in the input's layout; not written (may be null) when this computes no input gradient
   * @param gradW DL4J's {@code [out, in / groups, kH, kW]} gradient array, c order
   * @param gradBias {@code [out]}, or null without a bias
   */
  void backward(INDArray x, INDArray w, INDArray gradOut, INDArray gradIn, INDArray gradW,
      INDArray gradBias) {
    diffDst.load(gradOut);
    if (inputGradient) {
      dataWeights.load(w);
      diffSrc.bind(gradIn);
      backwardData.execute(stream, backwardDataArguments);
      diffSrc.store();
    }
    weightsSrc.load(x);
    weightsDiffDst.load(gradOut);
    diffWeights.bind(gradW);
    if (bias) {
      diffBias.bind(gradBias);
    }
    backwardWeights.execute(stream, backwardWeightsArguments);
    diffWeights.store();
    if (bias) {
      diffBias.store();
    }
    stream._wait();
  }

  private void build(int n) {
    memory.desc userSrc = OneDnn.activations(n, input, inputLayout);
    memory.desc userDst = OneDnn.activations(n, output, outputLayout);
    memory.desc userWeights = new memory.desc(weights, memory.data_type.f32, weightsTag);
    memory.desc userBias = new memory.desc(new long[] {output[0]}, memory.data_type.f32,
        memory.format_tag.x);
    memory.desc anySrc = OneDnn.activations(n, input, LAYOUT);
    memory.desc anyDst = OneDnn.activations(n, output, LAYOUT);
    memory.desc anyWeights = new memory.desc(weights, memory.data_type.f32,
        memory.format_tag.any);
    // Direct: oneDNN 2.5's avx512 kernels in its own layouts; winograd per layer is not measured.
    dnnl.algorithm algorithm = dnnl.algorithm.convolution_direct;

    convolution_forward.desc forwardDesc = bias
        ? new convolution_forward.desc(dnnl.prop_kind.forward_training, algorithm, anySrc,
            anyWeights, userBias, anyDst, strides, pads, pads)
        : new convolution_forward.desc(dnnl.prop_kind.forward_training, algorithm, anySrc,
            anyWeights, anyDst, strides, pads, pads);
    convolution_forward.primitive_desc forwardPd =
        new convolution_forward.primitive_desc(forwardDesc, dnn.engine);
    forward = new convolution_forward(forwardPd);
    src = new Operand(userSrc, forwardPd.src_desc(), KEPT, true, null);
    forwardWeights = new Operand(userWeights, forwardPd.weights_desc(), WEIGHTS, true, null);
    dst = new Operand(userDst, forwardPd.dst_desc(), OUTPUT_SLOT, false, null);
    forwardArguments = new IntMemoryMap();
    forwardArguments.put(dnnl.DNNL_ARG_SRC, src.inner);
    forwardArguments.put(dnnl.DNNL_ARG_WEIGHTS, forwardWeights.inner);
    forwardArguments.put(dnnl.DNNL_ARG_DST, dst.inner);
    if (bias) {
      biasValues = new Operand(userBias, forwardPd.bias_desc(), KEPT, true, null);
      forwardArguments.put(dnnl.DNNL_ARG_BIAS, biasValues.inner);
    }

    convolution_backward_data.primitive_desc dataPd = new convolution_backward_data.primitive_desc(
        new convolution_backward_data.desc(algorithm, anySrc, anyWeights, anyDst, strides, pads,
            pads), dnn.engine, forwardPd);
    diffDst = new Operand(userDst, dataPd.diff_dst_desc(), OUTPUT_GRADIENT_SLOT, true, null);
    if (inputGradient) {
      backwardData = new convolution_backward_data(dataPd);
      dataWeights = new Operand(userWeights, dataPd.weights_desc(), WEIGHTS, true,
          forwardWeights);
      diffSrc = new Operand(userSrc, dataPd.diff_src_desc(), INPUT_GRADIENT_SLOT, false, null);
      backwardDataArguments = new IntMemoryMap();
      backwardDataArguments.put(dnnl.DNNL_ARG_DIFF_DST, diffDst.inner);
      backwardDataArguments.put(dnnl.DNNL_ARG_WEIGHTS, dataWeights.inner);
      backwardDataArguments.put(dnnl.DNNL_ARG_DIFF_SRC, diffSrc.inner);
    }

    convolution_backward_weights.desc weightsDesc = bias
        ? new convolution_backward_weights.desc(algorithm, anySrc, anyWeights, userBias, anyDst,
            strides, pads, pads)
        : new convolution_backward_weights.desc(algorithm, anySrc, anyWeights, anyDst, strides,
            pads, pads);
    convolution_backward_weights.primitive_desc weightsPd =
        new convolution_backward_weights.primitive_desc(weightsDesc, dnn.engine, forwardPd);
    backwardWeights = new convolution_backward_weights(weightsPd);
    weightsSrc = new Operand(userSrc, weightsPd.src_desc(), INPUT_SLOT, true, src);
    weightsDiffDst = new Operand(userDst, weightsPd.diff_dst_desc(), OUTPUT_GRADIENT_SLOT, true,
        diffDst);
    diffWeights = new Operand(userWeights, weightsPd.diff_weights_desc(), WEIGHTS, false, null);
    backwardWeightsArguments = new IntMemoryMap();
    backwardWeightsArguments.put(dnnl.DNNL_ARG_SRC, weightsSrc.inner);
    backwardWeightsArguments.put(dnnl.DNNL_ARG_DIFF_DST, weightsDiffDst.inner);
    backwardWeightsArguments.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, diffWeights.inner);
    if (bias) {
      diffBias = new Operand(userBias, weightsPd.diff_bias_desc(), KEPT, false, null);
      backwardWeightsArguments.put(dnnl.DNNL_ARG_DIFF_BIAS, diffBias.inner);
    }
    batch = n;
  }

  /**
   * One argument of a primitive over an ND4J array: the array's own memory when the primitive
   * takes its layout, else memory in the primitive's layout and a reorder from the array (an
   * input) or to it (an output). An operand whose layout another operand of the same value
   * already has shares that one's memory and leaves the loading to it. Weights are copied in
   * Java rather than reordered, where {@link BlockedCopy} can.
   */
  private final class Operand {
    final memory inner;
    private final memory user;
    private final memory.desc innerDesc;
    private final int slot;
    private final reorder reorder;
    private final IntMemoryMap reorderArguments;
    private final BlockedCopy copy;
    private final Pointer innerAddress;
    private Pointer userAddress;

    /**
     * @param slot the scratch slot of the memory in the primitive's layout, or {@link #KEPT} (or
     *     {@link #WEIGHTS}) for memory of its own, which lives as long as this
     * @param same an operand of the same value read earlier in the step, or null
     */
    Operand(memory.desc userDesc, memory.desc innerDesc, int slot, boolean input, Operand same) {
      this.innerDesc = innerDesc;
      this.slot = slot;
      if (same != null && same.innerDesc.equals(innerDesc)) {
        this.user = null;
        this.inner = same.inner;
        this.reorder = null;
        this.reorderArguments = null;
        this.copy = null;
        this.innerAddress = null;
        return;
      }
      this.user = new memory(userDesc, dnn.engine, null);
      if (innerDesc.equals(userDesc)) {
        this.inner = user;
        this.reorder = null;
        this.reorderArguments = null;
        this.copy = null;
        this.innerAddress = null;
        return;
      }
      this.inner = slot < 0 ? new memory(innerDesc, dnn.engine)
          : new memory(innerDesc, dnn.engine, null);
      this.copy = slot == WEIGHTS ? BlockedCopy.of(innerDesc) : null;
      this.innerAddress = copy != null ? inner.get_data_handle() : null;
      if (copy != null) {
        this.reorder = null;
        this.reorderArguments = null;
        return;
      }
      this.reorder = input ? new reorder(user, inner) : new reorder(inner, user);
      this.reorderArguments = new IntMemoryMap();
      reorderArguments.put(dnnl.DNNL_ARG_FROM, input ? user : inner);
      reorderArguments.put(dnnl.DNNL_ARG_TO, input ? inner : user);
    }

    /** Points this at {@code array} (and its scratch slot), before the primitive writes it. */
    void bind(INDArray array) {
      if (user == null) {
        return;
      }
      userAddress = OneDnn.at(array);
      user.set_data_handle(userAddress);
      if (reorder != null && slot >= 0) {
        inner.set_data_handle(scratch.at(slot, innerDesc.get_size()));
      }
    }

    /** {@link #bind}, then brings the array's values into the primitive's layout. */
    void load(INDArray array) {
      bind(array);
      if (reorder != null) {
        reorder.execute(stream, reorderArguments);
      } else if (copy != null) {
        copy.toBlocked(userAddress, innerAddress);
      }
    }

    /** Writes what the primitive left back into the array. */
    void store() {
      if (reorder != null) {
        reorder.execute(stream, reorderArguments);
      } else if (copy != null) {
        stream._wait(); // the primitive has written it
        copy.fromBlocked(innerAddress, userAddress);
      }
    }
  }
}
