package dev.resdsl.runtime.exec;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training batch norm as oneDNN's {@code batch_normalization} forward-training and backward
 * primitives over NHWC activations ({@link ChannelsLast}), optionally with the ReLU that follows
 * it fused (its mask kept in the primitive's workspace for backward). Gamma and beta are read from
 * DL4J's parameter arrays and their gradients written into DL4J's gradient arrays; the batch's
 * mean and biased variance (divided by the number of values, as DL4J's running variance takes
 * it) are left in {@link #mean()} and {@link #variance()} for the caller's running statistics.
 *
 * <p>The primitives are made for one batch size and remade when it changes. Not thread-safe.
 */
final class TrainingBatchNorm {
  private final OneDnn dnn;
  private final stream stream;
  private final long[] shape;
  private final float epsilon;
  private final boolean relu;
  private final INDArray mean;
  private final INDArray variance;
  private int batch = -1;

  private batch_normalization_forward forward;
  private batch_normalization_backward backward;
  private IntMemoryMap forwardArguments;
  private IntMemoryMap backwardArguments;
  private memory src;
  private memory dst;
  private memory diffDst;
  private memory diffSrc;
  private memory scale;
  private memory shift;
  private memory diffScale;
  private memory diffShift;
  private memory meanMemory;
  private memory varianceMemory;
  private memory workspace;

  /**
   * @param shape one example's {@code [C, H, W]}
   * @param relu whether the output is {@code max(0, batch norm)}, the next ReLU fused in
   */
  TrainingBatchNorm(OneDnn dnn, long[] shape, double epsilon, boolean relu) {
    this.dnn = dnn;
    this.stream = dnn.newStream();
    this.shape = shape;
    this.epsilon = (float) epsilon;
    this.relu = relu;
    this.mean = Nd4j.create(DataType.FLOAT, shape[0]);
    this.variance = Nd4j.create(DataType.FLOAT, shape[0]);
  }

  /** The last forward pass's batch mean, per channel. */
  INDArray mean() {
    return mean;
  }

  /** The last forward pass's biased batch variance, per channel. */
  INDArray variance() {
    return variance;
  }

  /**
   * Normalises {@code x} with its batch statistics, scales by {@code gamma} and shifts by {@code
   * beta} (and applies the ReLU when fused) into {@code out}.
   *
   * @param x NHWC ({@link ChannelsLast}), to stay unchanged until {@link #backward}
   * @param gamma {@code [C]}, dense
   * @param beta {@code [C]}, dense
   */
  void forward(INDArray x, INDArray gamma, INDArray beta, INDArray out) {
    int n = (int) x.size(0);
    if (n != batch) {
      build(n);
    }
    src.set_data_handle(OneDnn.at(x));
    dst.set_data_handle(OneDnn.at(out));
    scale.set_data_handle(OneDnn.at(gamma));
    shift.set_data_handle(OneDnn.at(beta));
    forward.execute(stream, forwardArguments);
    stream._wait();
  }

  /**
   * The gradients of the last {@link #forward}'s input, gamma and beta from its output's (of the
   * ReLU's output when fused).
   */
  void backward(INDArray x, INDArray gamma, INDArray gradOut, INDArray gradIn,
      INDArray gradGamma, INDArray gradBeta) {
    src.set_data_handle(OneDnn.at(x));
    scale.set_data_handle(OneDnn.at(gamma));
    diffDst.set_data_handle(OneDnn.at(gradOut));
    diffSrc.set_data_handle(OneDnn.at(gradIn));
    diffScale.set_data_handle(OneDnn.at(gradGamma));
    diffShift.set_data_handle(OneDnn.at(gradBeta));
    backward.execute(stream, backwardArguments);
    stream._wait();
  }

  private void build(int n) {
    memory.desc data = OneDnn.activations(n, shape, memory.format_tag.nhwc);
    memory.desc channels = new memory.desc(new long[] {shape[0]}, memory.data_type.f32,
        memory.format_tag.x);
    int flags = dnnl.normalization_flags.use_scale.value
        | dnnl.normalization_flags.use_shift.value
        | (relu ? dnnl.normalization_flags.fuse_norm_relu.value : 0);
    batch_normalization_forward.primitive_desc forwardPd =
        new batch_normalization_forward.primitive_desc(new batch_normalization_forward.desc(
            dnnl.prop_kind.forward_training.value, data, epsilon, flags), dnn.engine);
    batch_normalization_backward.primitive_desc backwardPd =
        new batch_normalization_backward.primitive_desc(new batch_normalization_backward.desc(
            dnnl.prop_kind.backward.value, data, data, epsilon, flags), dnn.engine, forwardPd);
    forward = new batch_normalization_forward(forwardPd);
    backward = new batch_normalization_backward(backwardPd);
    src = unbound(data);
    dst = unbound(data);
    diffDst = unbound(data);
    diffSrc = unbound(data);
    scale = unbound(channels);
    shift = unbound(channels);
    diffScale = unbound(channels);
    diffShift = unbound(channels);
    meanMemory = new memory(channels, dnn.engine, OneDnn.at(mean));
    varianceMemory = new memory(channels, dnn.engine, OneDnn.at(variance));
    forwardArguments = new IntMemoryMap();
    backwardArguments = new IntMemoryMap();
    // Backward reads what forward read, and the statistics forward wrote.
    for (IntMemoryMap arguments : new IntMemoryMap[] {forwardArguments, backwardArguments}) {
      arguments.put(dnnl.DNNL_ARG_SRC, src);
      arguments.put(dnnl.DNNL_ARG_SCALE, scale);
      arguments.put(dnnl.DNNL_ARG_SHIFT, shift);
      arguments.put(dnnl.DNNL_ARG_MEAN, meanMemory);
      arguments.put(dnnl.DNNL_ARG_VARIANCE, varianceMemory);
    }
    forwardArguments.put(dnnl.DNNL_ARG_DST, dst);
    backwardArguments.put(dnnl.DNNL_ARG_DIFF_DST, diffDst);
    backwardArguments.put(dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
    backwardArguments.put(dnnl.DNNL_ARG_DIFF_SCALE, diffScale);
    backwardArguments.put(dnnl.DNNL_ARG_DIFF_SHIFT, diffShift);
    if (relu) {
      // The ReLU's mask, from forward to backward: memory of its own for each batch norm.
      workspace = new memory(forwardPd.workspace_desc(), dnn.engine);
      forwardArguments.put(dnnl.DNNL_ARG_WORKSPACE, workspace);
      backwardArguments.put(dnnl.DNNL_ARG_WORKSPACE, workspace);
    }
    batch = n;
  }

  /** Memory of {@code desc} whose address is set before each use. */
  private memory unbound(memory.desc desc) {
    return new memory(desc, dnn.engine, null);
  }
}
