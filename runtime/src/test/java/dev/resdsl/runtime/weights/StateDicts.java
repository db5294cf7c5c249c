package dev.resdsl.runtime.weights;

import dev.resdsl.runtime.GeneratedNetwork;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's parameters as the state dict torchvision would give it, as raw safetensors entries
 * that a test may edit before writing them.
 */
final class StateDicts {
  /** One tensor: its dtype, shape and little-endian bytes. */
  record Entry(String dtype, long[] shape, byte[] bytes) {
    static Entry floats(long[] shape, float... values) {
      ByteBuffer bytes = SafeTensorsBytes.little(values.length * Float.BYTES);
      for (float value : values) {
        bytes.putFloat(value);
      }
      return new Entry("F32", shape, bytes.array());
    }
  }

  private StateDicts() {}

  /** Every bound tensor of the network, with a num_batches_tracked counter for each batch norm. */
  static Map<String, Entry> of(GeneratedNetwork network) {
    Map<String, Entry> stateDict = new TreeMap<>();
    for (ParameterBinding binding : TorchvisionLayout.bindings(network.name(), network.plan())) {
      long[] shape = binding.shape().stream().mapToLong(Long::longValue).toArray();
      if (binding.presence() == ParameterBinding.Presence.IGNORED) {
        ByteBuffer counter = SafeTensorsBytes.little(Long.BYTES).putLong(1234);
        stateDict.put(binding.name(), new Entry("I64", shape, counter.array()));
        continue;
      }
      INDArray parameter = network.graph().getLayer(binding.layer()).getParam(binding.parameter());
      INDArray source = binding.transposed() ? parameter.transpose() : parameter;
      float[] values = source.castTo(DataType.FLOAT).dup('c').data().asFloat();
      stateDict.put(binding.name(), Entry.floats(shape, values));
    }
    return stateDict;
  }

  /** The entries as a safetensors file, in name order. */
  static byte[] bytes(Map<String, Entry> stateDict) {
    SafeTensorsBytes file = new SafeTensorsBytes();
    new TreeMap<>(stateDict).forEach((name, e) -> file.add(name, e.dtype(), e.shape(), e.bytes()));
    return file.bytes();
  }
}
