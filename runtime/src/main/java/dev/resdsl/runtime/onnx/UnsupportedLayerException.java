package dev.resdsl.runtime.onnx;

import dev.resdsl.model.plan.PlannedLayer;

/**
 * A network has a kind of layer that the ONNX export has no ONNX form for yet; nothing was
 * written. The message names the network, the layer and its op.
 */
public final class UnsupportedLayerException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UnsupportedLayerException(String network, PlannedLayer layer) {
    super("cannot export " + network + " to ONNX yet: its layer " + layer.name() + " is a "
        + layer.op().describe() + " (" + layer.op().getClass().getSimpleName()
        + "), which the ONNX export does not write yet");
  }
}
