package dev.resdsl.runtime.onnx;

import com.google.protobuf.ByteString;
import dev.resdsl.annotations.Pool;
import dev.resdsl.model.LayerNames;
import dev.resdsl.model.plan.LayerOp;
import dev.resdsl.model.plan.LayerPlan;
import dev.resdsl.model.plan.Parameter;
import dev.resdsl.model.plan.ParameterShape;
import dev.resdsl.model.plan.PlannedLayer;
import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.graph.GraphParameters;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.AttributeProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.GraphProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.NodeProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.TensorProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.TypeProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lowers a {@link LayerPlan} with the weights of its Deeplearning4j graph to an ONNX graph of
 * opset {@value OnnxExport#OPSET}: one node per planned layer, named as the layer, whose output
 * tensor has the layer's name, except where a layer needs several standard nodes (the zero-pad
 * shortcut, the dense softmax layer) or none (dropout). Every parameter is an initializer named
 * {@code <layer>.<parameter>}, in the plan's (PyTorch's) layout.
 */
final class OnnxGraph {
  /** How one kind of {@link LayerOp} becomes ONNX nodes. */
  @FunctionalInterface
  private interface Lowering {
    void lower(OnnxGraph graph, PlannedLayer layer);
  }

  // One entry per LayerOp record: the dispatch, and what OnnxGraphTest checks against the sealed
  // interface's permitted records, so that a new op fails a test rather than export silently.
  private static final Map<Class<? extends LayerOp>, Lowering> LOWERINGS = Map.ofEntries(
      Map.entry(LayerOp.Convolution.class, OnnxGraph::convolution),
      Map.entry(LayerOp.BatchNorm.class, OnnxGraph::batchNorm),
      Map.entry(LayerOp.Relu.class, (graph, layer) -> graph.node("Relu", layer)),
      Map.entry(LayerOp.Sigmoid.class, (graph, layer) -> graph.node("Sigmoid", layer)),
      // [N, C, H, W] times the gate's [N, C, 1, 1]: ONNX broadcasts as the plan means.
      Map.entry(LayerOp.ChannelScale.class, (graph, layer) -> graph.node("Mul", layer)),
      Map.entry(LayerOp.Add.class, (graph, layer) -> graph.node("Add", layer)),
      Map.entry(LayerOp.ZeroPadShortcut.class, OnnxGraph::zeroPadShortcut),
      Map.entry(LayerOp.Pooling.class, OnnxGraph::pooling),
      Map.entry(LayerOp.CeilAveragePooling.class, OnnxGraph::ceilAveragePooling),
      Map.entry(LayerOp.GlobalPooling.class, OnnxGraph::globalPooling),
      Map.entry(LayerOp.Dropout.class, OnnxGraph::dropout),
      Map.entry(LayerOp.DenseSoftmax.class, OnnxGraph::denseSoftmax));

  private final String network;
  private final ComputationGraph weights;
  private final GraphProto.Builder proto = GraphProto.newBuilder();
  // A layer's output tensor: its own name, or the tensor it passes on unchanged (dropout).
  private final Map<String, String> tensors = new HashMap<>();

  private OnnxGraph(String network, ComputationGraph weights) {
    this.network = network;
    this.weights = weights;
    tensors.put(LayerNames.INPUT, OnnxExport.INPUT);
  }

  /** The ops the export lowers. */
  static Set<Class<? extends LayerOp>> loweredOps() {
    return LOWERINGS.keySet();
  }

  /**
   * The ONNX graph of {@code plan}, named {@code network}, with the parameters of {@code weights}.
   *
   * @throws UnsupportedLayerException if the plan has a layer of an op the export does not lower
   */
  static GraphProto lower(String network, LayerPlan plan, ComputationGraph weights) {
    for (PlannedLayer layer : plan.layers()) {
      if (!LOWERINGS.containsKey(layer.op().getClass())) {
        throw new UnsupportedLayerException(network, layer);
      }
    }
    OnnxGraph graph = new OnnxGraph(network, weights);
    graph.proto.setName(network);
    graph.proto.addInput(value(OnnxExport.INPUT, plan.input(), false));
    for (PlannedLayer layer : plan.layers()) {
      LOWERINGS.get(layer.op().getClass()).lower(graph, layer);
    }
    graph.proto.addOutput(value(OnnxExport.OUTPUT, plan.output().output(), true));
    return graph.proto.build();
  }

  private void convolution(PlannedLayer layer) {
    LayerOp.Convolution conv = (LayerOp.Convolution) layer.op();
    List<String> inputs = conv.bias()
        ? List.of(input(layer, 0), parameter(layer, Parameter.WEIGHT),
            parameter(layer, Parameter.BIAS))
        : List.of(input(layer, 0), parameter(layer, Parameter.WEIGHT));
    int p = conv.padding();
    emit(layer.name(), "Conv", inputs, layer.name(),
        ints("kernel_shape", conv.kernel(), conv.kernel()),
        ints("strides", conv.stride(), conv.stride()),
        ints("pads", p, p, p, p),
        ints("dilations", 1, 1),
        integer("group", conv.groups()));
    described(layer);
  }

  private void batchNorm(PlannedLayer layer) {
    // BatchNormalization rather than folding into the convolution: it is Deeplearning4j's formula
    // exactly, keeps the checkpoint's tensors as they are, and works wherever a batch norm stands;
    // runtimes (onnxruntime, TensorRT) fold it into the convolution themselves when they load.
    LayerOp.BatchNorm bn = (LayerOp.BatchNorm) layer.op();
    emit(layer.name(), "BatchNormalization",
        List.of(input(layer, 0), parameter(layer, Parameter.GAMMA),
            parameter(layer, Parameter.BETA), parameter(layer, Parameter.RUNNING_MEAN),
            parameter(layer, Parameter.RUNNING_VAR)),
        layer.name(),
        AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
            .setF((float) bn.epsilon()).build());
    described(layer);
  }

  private void zeroPadShortcut(PlannedLayer layer) {
    LayerOp.ZeroPadShortcut pad = (LayerOp.ZeroPadShortcut) layer.op();
    String x = input(layer, 0);
    if (pad.stride() > 1) {
      // Rows and columns 0, s, 2s, ...: ends past any size, as ONNX clamps them.
      String sampled = layer.name() + ".sampled";
      emit(layer.name() + "_slice", "Slice",
          List.of(x, longs(layer.name() + ".starts", 0, 0),
              longs(layer.name() + ".ends", Long.MAX_VALUE, Long.MAX_VALUE),
              longs(layer.name() + ".axes", 2, 3),
              longs(layer.name() + ".steps", pad.stride(), pad.stride())),
          sampled);
      x = sampled;
    }
    // As ZeroPadShortcutVertex: half the new channels (rounded down) before the input's.
    long added = pad.channels() - layer.input().channels();
    long before = added / 2;
    emit(layer.name(), "Pad",
        List.of(x, longs(layer.name() + ".pads", 0, before, 0, 0, 0, added - before, 0, 0)),
        layer.name(), string("mode", "constant"));
    described(layer);
  }

  private void pooling(PlannedLayer layer) {
    LayerOp.Pooling pool = (LayerOp.Pooling) layer.op();
    int p = pool.padding();
    List<AttributeProto> attributes = new ArrayList<>(List.of(
        ints("kernel_shape", pool.kernel(), pool.kernel()),
        ints("strides", pool.stride(), pool.stride()),
        ints("pads", p, p, p, p)));
    if (pool.type() == Pool.AVG) {
      // Padding counts in the divisor, as in PyTorch's AvgPool2d and the graph's SubsamplingLayer.
      attributes.add(integer("count_include_pad", 1));
    }
    emit(layer.name(), pool.type() == Pool.MAX ? "MaxPool" : "AveragePool",
        List.of(input(layer, 0)), layer.name(), attributes.toArray(AttributeProto[]::new));
    described(layer);
  }

  private void ceilAveragePooling(PlannedLayer layer) {
    // ResNet-D's shortcut pool: a last window past the input averages only what it covers.
    LayerOp.CeilAveragePooling pool = (LayerOp.CeilAveragePooling) layer.op();
    emit(layer.name(), "AveragePool", List.of(input(layer, 0)), layer.name(),
        ints("kernel_shape", pool.kernel(), pool.kernel()),
        ints("strides", pool.stride(), pool.stride()),
        ints("pads", 0, 0, 0, 0),
        integer("ceil_mode", 1),
        integer("count_include_pad", 0));
    described(layer);
  }

  private void globalPooling(PlannedLayer layer) {
    LayerOp.GlobalPooling pool = (LayerOp.GlobalPooling) layer.op();
    node(pool.type() == Pool.MAX ? "GlobalMaxPool" : "GlobalAveragePool", layer);
  }

  private void dropout(PlannedLayer layer) {
    // The identity in inference, which is all an exported model does.
    tensors.put(layer.name(), input(layer, 0));
  }

  private void denseSoftmax(PlannedLayer layer) {
    // Flatten keeps channels first (c * h * w + y * w + x), as the plan's dense layer reads.
    String flat = layer.name() + ".flat";
    String logits = layer.name() + ".logits";
    emit(layer.name() + "_flatten", "Flatten", List.of(input(layer, 0)), flat,
        integer("axis", 1));
    emit(layer.name(), "Gemm",
        List.of(flat, parameter(layer, Parameter.WEIGHT), parameter(layer, Parameter.BIAS)),
        logits, integer("transB", 1));
    emit(layer.name() + "_softmax", "Softmax", List.of(logits), OnnxExport.OUTPUT,
        integer("axis", 1));
    tensors.put(layer.name(), OnnxExport.OUTPUT);
  }

  /** A node of one input and no attributes whose output is the layer's. */
  private void node(String opType, PlannedLayer layer) {
    emit(layer.name(), opType, layer.inputs().stream().map(tensors::get).toList(), layer.name());
    described(layer);
  }

  private void emit(String name, String opType, List<String> inputs, String output,
      AttributeProto... attributes) {
    proto.addNode(NodeProto.newBuilder()
        .setName(name)
        .setOpType(opType)
        .addAllInput(inputs)
        .addOutput(output)
        .addAllAttribute(Arrays.asList(attributes)));
  }

  /** Declares the layer's output, so that runtimes check their shape inference against the plan. */
  private void described(PlannedLayer layer) {
    tensors.put(layer.name(), layer.name());
    proto.addValueInfo(value(layer.name(), layer.output(), false));
  }

  private String input(PlannedLayer layer, int index) {
    return tensors.get(layer.inputs().get(index));
  }

  /** Adds the layer's parameter as an initializer in the plan's layout, and returns its name. */
  private String parameter(PlannedLayer layer, Parameter parameter) {
    ParameterShape planned = layer.parameters().stream()
        .filter(p -> p.parameter() == parameter)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "layer " + layer.name() + " plans no " + parameter));
    INDArray array = GraphParameters.array(weights, layer.name(), parameter);
    if (GraphParameters.transposed(layer, parameter)) {
      array = array.transpose();
    }
    long[] dims = planned.shape().stream().mapToLong(Long::longValue).toArray();
    boolean sameLayout = array.length() == planned.size()
        && (dims.length < 2 || Arrays.equals(array.shape(), dims));
    if (!sameLayout) {
      throw new IllegalStateException(network + ": layer " + layer.name() + " holds its "
          + parameter + " as " + Arrays.toString(array.shape()) + ", the plan says "
          + planned.shape());
    }
    float[] values = Nd4j.toFlattened('c', array.castTo(DataType.FLOAT)).toFloatVector();
    String name = layer.name() + "." + parameter.name().toLowerCase(Locale.ROOT);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    proto.addInitializer(TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addAllDims(planned.shape())
        .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  /** Adds a one-dimensional int64 initializer, and returns its name. */
  private String longs(String name, long... values) {
    proto.addInitializer(TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length)
        .addAllInt64Data(Arrays.stream(values).boxed().toList()));
    return name;
  }

  /**
   * A float32 tensor of {@code shape} per image, with the batch size {@link
   * OnnxExport#BATCH_DIMENSION}; {@code flat} drops the height and width of ones.
   */
  private static ValueInfoProto value(String name, Shape shape, boolean flat) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxExport.BATCH_DIMENSION))
        .addDim(dimension(shape.channels()));
    if (!flat) {
      dims.addDim(dimension(shape.height())).addDim(dimension(shape.width()));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(dims)))
        .build();
  }

  private static TensorShapeProto.Dimension dimension(long value) {
    return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
  }

  private static AttributeProto ints(String name, long... values) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList())
        .build();
  }

  private static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }
}
