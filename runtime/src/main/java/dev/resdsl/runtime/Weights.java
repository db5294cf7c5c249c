package dev.resdsl.runtime;

import dev.resdsl.runtime.weights.SafeTensors;
import dev.resdsl.runtime.weights.StateDictImport;
import dev.resdsl.runtime.weights.TorchvisionLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** Imports weights trained elsewhere into generated networks. */
public final class Weights {
  private Weights() {}

  /**
   * Loads a torchvision ResNet's state dict, as {@code
   * safetensors.torch.save_file(model.state_dict(), path)} writes it, into {@code net}.
   *
   * <p>Names map by position: {@code conv1} and {@code bn1} are the stem, {@code layer<i>} the
   * {@code i}-th stage after the stem, {@code layer<i>.<j>} its block {@code j + 1} ({@code convK},
   * {@code bnK}, and {@code downsample.0}/{@code .1} for a projection shortcut), {@code fc} the
   * dense softmax layer, whose {@code [out, in]} weights are transposed to Deeplearning4j's {@code
   * [in, out]}. Batch norms take {@code weight}, {@code bias}, {@code running_mean} and {@code
   * running_var}; {@code num_batches_tracked} is accepted and ignored. If the network's
   * convolutions have biases (torchvision's have none), {@code <conv>.bias} is taken when the file
   * holds it and set to zero when it does not. Networks with zero-padding (option A) or no
   * shortcuts have no {@code downsample} tensors. torchvision's ResNeXt and wide ResNets ({@code
   * resnext*}, {@code wide_resnet*}) have the same names; a grouped 3x3 convolution's weights are
   * {@code [out, in / groups, 3, 3]} in the file and in the network alike. See {@link
   * TorchvisionLayout}.
   *
   * <p>Every tensor of the network must be in the file with its shape and a floating-point dtype
   * (F32, F64, F16 or BF16, converted to the network's floats), and every tensor of the file must
   * be used. All that is checked before anything is copied, so a failed import leaves the network
   * unchanged.
   *
   * <p>What a state dict does not record must be declared in the spec as the PyTorch model was
   * built: torchvision's ResNets have a 7x7/2 stem convolution with a 3x3/2 max pool, projection
   * shortcuts (option B), global average pooling, and bottleneck blocks that stride their 3x3
   * convolution ({@code @Conventions(bottleneckStride = StridePlacement.MIDDLE)}). Batch-norm
   * epsilon is PyTorch's 1e-5 by default on both sides.
   *
   * @param net the network whose parameters are replaced
   * @param safetensorsFile the state dict
   * @throws dev.resdsl.runtime.weights.WeightsMismatchException if the file does not fit the
   *     network: its message lists every missing, unexpected and mismatched tensor, the first line
   *     being a short summary
   * @throws dev.resdsl.runtime.weights.SafeTensorsFormatException if the file is not valid
   *     safetensors (truncated, bad header, offsets out of range, unsupported dtype, ...)
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if the network has a layer torchvision's ResNet has no
   *     counterpart for (a deep stem, a squeeze-and-excitation unit, a pre-activation network's
   *     head batch norm)
   */
  public static void importTorchvision(GeneratedNetwork net, Path safetensorsFile)
      throws IOException {
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(safetensorsFile, "safetensorsFile");
    var bindings = TorchvisionLayout.bindings(net.name(), net.plan());
    try (SafeTensors file = SafeTensors.open(safetensorsFile)) {
      StateDictImport.apply(net.name(), net.graph(), file, bindings);
    }
  }
}
