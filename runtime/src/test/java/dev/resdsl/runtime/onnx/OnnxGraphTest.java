package dev.resdsl.runtime.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.runtime.TinyNet;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.ModelProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.NodeProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.ValueInfoProto;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The ONNX model's interface, metadata and node list as the export writes them, read back with
 * the generated protobuf classes; that onnxruntime computes what predict computes is checked in
 * the examples module, which has onnxruntime and the example networks.
 */
class OnnxGraphTest {
  private static final TinyNet NET = TinyNet.create(3);

  @Test
  void everyLayerOpRecordHasAnOnnxLowering() {
    // A record added to the sealed LayerOp fails here until OnnxGraph lowers it; until then its
    // networks' export fails with UnsupportedLayerException.
    Set<Class<?>> permitted = Set.of(LayerOp.class.getPermittedSubclasses());
    assertEquals(permitted, Set.copyOf(OnnxGraph.loweredOps()));
  }

  @Test
  void theModelTakesImagesOfADynamicBatchAndGivesProbabilitiesAtOpset13() throws Exception {
    ModelProto model = ModelProto.parseFrom(OnnxExport.of(NET).toByteArray());
    assertEquals(7, model.getIrVersion());
    assertEquals(1, model.getOpsetImportCount());
    assertEquals("", model.getOpsetImport(0).getDomain());
    assertEquals(13, model.getOpsetImport(0).getVersion());
    assertEquals(1, model.getGraph().getInputCount(), "the weights are initializers, not inputs");
    assertEquals(List.of("N", "3", "9", "9"), dims(model.getGraph().getInput(0), "images"));
    assertEquals(1, model.getGraph().getOutputCount());
    assertEquals(List.of("N", "5"), dims(model.getGraph().getOutput(0), "probabilities"));
  }

  @Test
  void layersBecomeNodesOfTheirNamesAndDropoutIsLeftOut() throws Exception {
    ModelProto model = ModelProto.parseFrom(OnnxExport.of(NET).toByteArray());
    Map<String, String> ops = model.getGraph().getNodeList().stream()
        .collect(Collectors.toMap(NodeProto::getName, NodeProto::getOpType));
    assertEquals("Conv", ops.get("stem_conv"));
    assertEquals("BatchNormalization", ops.get("stem_bn"));
    assertEquals("MaxPool", ops.get("stem"));
    assertEquals("Slice", ops.get("a_block1_shortcut_slice"));
    assertEquals("Pad", ops.get("a_block1_shortcut"));
    assertEquals("GlobalAveragePool", ops.get("head_pool"));
    assertEquals("Gemm", ops.get("output"));
    assertEquals("Softmax", ops.get("output_softmax"));
    assertFalse(ops.containsValue("Dropout"), "dropout is the identity in inference");
    NodeProto flatten = model.getGraph().getNodeList().stream()
        .filter(n -> n.getName().equals("output_flatten")).findFirst().orElseThrow();
    assertEquals(List.of("head_pool"), flatten.getInputList(), "reads past the dropout");
  }

  @Test
  void metadataRecordsArchitectureParametersNormalisationAndClassNames() throws Exception {
    Normalization normalization =
        new Normalization(new float[] {0.5f, 0.25f, 0.125f}, new float[] {0.2f, 0.3f, 0.4f});
    ModelProto model = ModelProto.parseFrom(OnnxExport.of(NET).withNormalization(normalization)
        .withClassNames(List.of("a", "b", "c \"quoted\"", "d", "e")).toByteArray());
    Map<String, String> metadata = model.getMetadataPropsList().stream()
        .collect(Collectors.toMap(StringStringEntryProto::getKey,
            StringStringEntryProto::getValue));
    assertEquals("TinyNet", metadata.get(OnnxExport.MODEL));
    assertEquals(TinyNet.ARCHITECTURE, metadata.get(OnnxExport.ARCHITECTURE));
    assertEquals("1545", metadata.get(OnnxExport.TRAINABLE_PARAMETERS));
    assertEquals("{\"mean\": [0.5, 0.25, 0.125], \"std\": [0.2, 0.3, 0.4]}",
        metadata.get(OnnxExport.NORMALIZATION));
    assertEquals("[\"a\", \"b\", \"c \\\"quoted\\\"\", \"d\", \"e\"]",
        metadata.get(OnnxExport.CLASS_NAMES));
    assertTrue(metadata.get(OnnxExport.PREPROCESSING).contains("does not normalise"),
        metadata.get(OnnxExport.PREPROCESSING));
  }

  @Test
  void withoutANormalisationTheMetadataRecordsNone() throws Exception {
    ModelProto model = ModelProto.parseFrom(OnnxExport.of(NET).toByteArray());
    Set<String> keys = model.getMetadataPropsList().stream()
        .map(StringStringEntryProto::getKey).collect(Collectors.toSet());
    assertEquals(Set.of(OnnxExport.MODEL, OnnxExport.ARCHITECTURE,
        OnnxExport.TRAINABLE_PARAMETERS, OnnxExport.PREPROCESSING), keys);
  }

  @Test
  void aNormalisationOrClassNamesThatDoNotFitTheNetworkAreRefused() {
    IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.of(NET).withNormalization(Normalization.identity(1)));
    assertTrue(channels.getMessage().contains("1 channels does not fit TinyNet's input of 3"),
        channels.getMessage());
    IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.of(NET).withClassNames(List.of("a", "b")));
    assertTrue(names.getMessage().contains("2 class names for 5 classes"), names.getMessage());
  }

  /** The dimensions of a graph input or output named {@code name}, a parameter by its name. */
  private static List<String> dims(ValueInfoProto value, String name) {
    assertEquals(name, value.getName());
    return value.getType().getTensorType().getShape().getDimList().stream()
        .map(d -> d.getValueCase() == TensorShapeProto.Dimension.ValueCase.DIM_PARAM
            ? d.getDimParam() : Long.toString(d.getDimValue()))
        .toList();
  }
}
