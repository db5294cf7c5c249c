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

  /** Block {@code block} (from 1) of stage {@code stage}: its output, the ReLU after the sum. */
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

  /** The sum of a block's branch and shortcut. */
  public static String add(String block) {
    return block + "_add";
  }
}
