package dev.resdsl.model;

/**
 * The names of a network's layers, spelled here and nowhere else. The Deeplearning4j graph's
 * vertices, checkpoints and the features of a stage are known by them, so they never change: a
 * checkpoint written by an earlier version names its layers the same way.
 *
 * <p>The input is {@code input}; the stem's layers are {@code stem_conv}, {@code stem_bn} and, when
 * a pool follows, {@code stem_relu}, the stem's output being {@code stem}; block {@code j} of stage
 * {@code s} is {@code s_blockj}, the ReLU after its addition, its layers {@code s_blockj_conv1},
 * {@code _bn1}, {@code _relu1}, ..., {@code _shortcut_conv}, {@code _shortcut_bn} or {@code
 * _shortcut} (zero padding) and {@code _add}; the head is {@code head_pool}, {@code head_dropout}
 * and the softmax layer {@code output}.
 *
 * <p>The next wave's layers: a deep stem numbers its layers ({@code stem_conv1}, {@code stem_bn1},
 * {@code stem_relu1}, ... {@code stem_conv3}); a ResNet-D shortcut pools in {@code
 * _shortcut_pool}; a squeeze-and-excitation unit is {@code _se_pool}, {@code _se_reduce}, {@code
 * _se_relu}, {@code _se_expand}, {@code _se_gate} and {@code _se_scale}. A pre-activation block
 * ends in its addition, which is named {@code s_blockj}, and a pre-activation stem in its
 * convolution (or pool), named {@code stem}; the batch norm and ReLU after the last stage are
 * {@code head_bn} and {@code head_relu}.
 */
public final class LayerNames {
  /** The network's input. */
  public static final String INPUT = "input";
  /** The stem's output. */
  public static final String STEM = "stem";
  /** The dense softmax output layer. */
  public static final String OUTPUT = "output";
  /** The head's global pool. */
  public static final String HEAD_POOL = "head_pool";
  /** The head's dropout. */
  public static final String HEAD_DROPOUT = "head_dropout";
  /** The batch norm after a pre-activation network's last stage. */
  public static final String HEAD_BATCH_NORM = "head_bn";
  /** The ReLU after a pre-activation network's last stage. */
  public static final String HEAD_RELU = "head_relu";

  private LayerNames() {}

  /** The stem's convolution. */
  public static String stemConvolution() {
    return STEM + "_conv";
  }

  /** The stem's batch norm. */
  public static String stemBatchNorm() {
    return STEM + "_bn";
  }

  /** The stem's ReLU when a pool follows it (else the ReLU is the stem's output). */
  public static String stemRelu() {
    return STEM + "_relu";
  }

  /** The {@code index}-th convolution (from 1) of a deep stem. */
  public static String stemConvolution(int index) {
    return stemConvolution() + index;
  }

  /** The batch norm after the {@code index}-th convolution of a deep stem. */
  public static String stemBatchNorm(int index) {
    return stemBatchNorm() + index;
  }

  /** The ReLU after the {@code index}-th batch norm of a deep stem. */
  public static String stemRelu(int index) {
    return stemRelu() + index;
  }

  /**
   * Block {@code block} (from 1) of stage {@code stage}: its output, the ReLU after the sum (the
   * sum itself in a pre-activation block).
   */
  public static String block(String stage, int block) {
    return stage + "_block" + block;
  }

  /** The {@code index}-th convolution (from 1) of a block's branch. */
  public static String convolution(String block, int index) {
    return block + "_conv" + index;
  }

  /** The batch norm after the {@code index}-th convolution of a block's branch. */
  public static String batchNorm(String block, int index) {
    return block + "_bn" + index;
  }

  /** The ReLU after the {@code index}-th batch norm of a block's branch. */
  public static String relu(String block, int index) {
    return block + "_relu" + index;
  }

  /** A projection shortcut's convolution. */
  public static String shortcutConvolution(String block) {
    return block + "_shortcut_conv";
  }

  /** A projection shortcut's batch norm. */
  public static String shortcutBatchNorm(String block) {
    return block + "_shortcut_bn";
  }

  /** A zero-padding shortcut. */
  public static String zeroPadShortcut(String block) {
    return block + "_shortcut";
  }

  /** A ResNet-D shortcut's average pool. */
  public static String shortcutPool(String block) {
    return block + "_shortcut_pool";
  }

  /** A squeeze-and-excitation unit's global average pool. */
  public static String squeezePool(String block) {
    return block + "_se_pool";
  }

  /** A squeeze-and-excitation unit's 1x1 convolution from C to C / r channels. */
  public static String squeezeReduce(String block) {
    return block + "_se_reduce";
  }

  /** A squeeze-and-excitation unit's ReLU. */
  public static String squeezeRelu(String block) {
    return block + "_se_relu";
  }

  /** A squeeze-and-excitation unit's 1x1 convolution from C / r back to C channels. */
  public static String squeezeExpand(String block) {
    return block + "_se_expand";
  }

  /** A squeeze-and-excitation unit's sigmoid, the channels' weights. */
  public static String squeezeGate(String block) {
    return block + "_se_gate";
  }

  /** The branch scaled channel by channel by a squeeze-and-excitation unit's weights. */
  public static String squeezeScale(String block) {
    return block + "_se_scale";
  }

  /** The sum of a block's branch and shortcut. */
  public static String add(String block) {
    return block + "_add";
  }
}
