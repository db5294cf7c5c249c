package dev.resdsl.runtime.weights;

import dev.resdsl.runtime.weights.ParameterBinding.Presence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies the tensors of a safetensors file into a network's parameters as a list of bindings says,
 * after checking that the file fits: every required tensor there, none left over, every shape and
 * type right. Nothing is changed unless everything fits.
 */
public final class StateDictImport {
  private StateDictImport() {}

  /**
   * Checks {@code file} against {@code bindings}, then copies every bound tensor into {@code
   * network}.
   *
   * @throws WeightsMismatchException listing every missing, unexpected and mismatched tensor; the
   *     network is then unchanged
   * @throws IOException if the file cannot be read
   */
  public static void apply(
      String network, ComputationGraph graph, SafeTensors file, List<ParameterBinding> bindings)
      throws IOException {
    List<String> problems = problems(network, file.tensors(), bindings);
    if (!problems.isEmpty()) {
      throw new WeightsMismatchException(file.file(), network, problems);
    }
    for (ParameterBinding binding : bindings) {
      if (binding.presence() == Presence.IGNORED) {
        continue;
      }
      INDArray parameter = graph.getLayer(binding.layer()).getParam(binding.parameter());
      if (!file.tensors().containsKey(binding.name())) {
        parameter.assign(0);
        continue;
      }
      float[] values = file.floats(binding.name());
      // The parameter is a view into the graph's flat parameter vector: assign, never replace.
      // A transposed [out, in] row-major tensor is the [in, out] column-major one.
      INDArray source =
          binding.transposed()
              ? Nd4j.create(values, parameter.shape(), 'f')
              : Nd4j.create(values, parameter.shape(), 'c');
      parameter.assign(source);
    }
  }

  /** Every way the file's tensors do not fit the bindings: missing, unexpected, mismatched. */
  static List<String> problems(
      String network, Map<String, TensorInfo> tensors, List<ParameterBinding> bindings) {
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (ParameterBinding binding : bindings) {
      if (!used.add(binding.name())) {
        throw new IllegalArgumentException("two bindings for " + binding.name());
      }
      TensorInfo tensor = tensors.get(binding.name());
      if (tensor == null) {
        if (binding.presence() == Presence.REQUIRED) {
          missing.add("missing " + binding.name());
        }
        continue;
      }
      if (!tensor.shape().equals(binding.shape())) {
        mismatched.add(
            binding.name()
                + " is "
                + tensor.shape()
                + " in the file, "
                + binding.shape()
                + " in "
                + network);
      } else if (binding.presence() != Presence.IGNORED && !tensor.dtype().isFloatingPoint()) {
        mismatched.add(
            binding.name()
                + " is "
                + tensor.dtype()
                + " in the file, floating-point in "
                + network);
      }
    }
    List<String> problems = new ArrayList<>(missing);
    // The file's tensors are in name order, so the unexpected ones are too.
    for (String name : tensors.keySet()) {
      if (!used.contains(name)) {
        problems.add("unexpected " + name);
      }
    }
    problems.addAll(mismatched);
    return problems;
  }
}
