package dev.resdsl.runtime.onnx;

import dev.resdsl.runtime.AtomicFiles;
import dev.resdsl.runtime.GeneratedNetwork;
import dev.resdsl.runtime.NetworkDescription;
import dev.resdsl.runtime.data.Normalization;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.ModelProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.resdsl.runtime.onnx.proto.OnnxProtos.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes a generated network as an ONNX model that onnxruntime, TensorRT and other ONNX runtimes
 * run: {@code OnnxExport.write(net, Path.of("resnet20.onnx"))}, or with what a training run
 * recorded, {@code OnnxExport.of(net).withNormalization(n).withClassNames(names).write(file)}.
 *
 * <p>The model computes what {@link GeneratedNetwork#predict} computes, in inference mode: its
 * input {@value #INPUT} is float32 {@code [N, C, H, W]} with a dynamic batch size {@value
 * #BATCH_DIMENSION}, its output {@value #OUTPUT} the softmax {@code [N, classes]}. The graph is
 * read off the network's layer plan (opset {@value #OPSET}): a node per layer, named as the layer;
 * batch norms stay {@code BatchNormalization} nodes, dropout is left out, option A's shortcut is a
 * strided {@code Slice} and a channel {@code Pad}, the head {@code Flatten}, {@code Gemm} and
 * {@code Softmax}.
 *
 * <p>Like {@code predict}, the model does not normalise its input. When a normalisation is given
 * it is recorded in the metadata ({@value #NORMALIZATION}) for the client to apply: pixels scaled
 * to [0, 1], then {@code (x - mean[c]) / std[c]} for each channel {@code c}.
 *
 * <p>Instances are immutable; the {@code with} methods return a copy.
 */
public final class OnnxExport {
  /** The name of the model's input, NCHW float32 images. */
  public static final String INPUT = "images";

  /** The name of the model's output, the class probabilities. */
  public static final String OUTPUT = "probabilities";

  /** The symbolic batch size of the input's and output's first dimension. */
  public static final String BATCH_DIMENSION = "N";

  /**
   * The ONNX operator set: 13 came with ONNX 1.8 (2020), so current runtimes all read it, and
   * nothing the export writes needs a later one.
   */
  public static final int OPSET = 13;

  /** The IR version that came with opset 13 (ONNX 1.8), so that older readers accept the file. */
  public static final int IR_VERSION = 7;

  /** Metadata key: the generated class's name, such as {@code ResNet20}. */
  public static final String MODEL = "resdsl.model";

  /** Metadata key: the architecture, as {@link NetworkDescription#architecture()} writes it. */
  public static final String ARCHITECTURE = "resdsl.architecture";

  /** Metadata key: the number of trainable parameters, in decimal. */
  public static final String TRAINABLE_PARAMETERS = "resdsl.trainable_parameters";

  /**
   * Metadata key: the normalisation the client must apply, as JSON {@code {"mean": [...], "std":
   * [...]}} with one value a channel; absent when none was given.
   */
  public static final String NORMALIZATION = "resdsl.normalization";

  /** Metadata key: the class names as a JSON array, in output order; absent when none given. */
  public static final String CLASS_NAMES = "resdsl.class_names";

  /** Metadata key: what the input must be, in words. */
  public static final String PREPROCESSING = "resdsl.preprocessing";

  private final GeneratedNetwork network;
  private final Optional<Normalization> normalization;
  private final List<String> classNames;
  private final String docString;

  private OnnxExport(GeneratedNetwork network, Optional<Normalization> normalization,
      List<String> classNames, String docString) {
    this.network = network;
    this.normalization = normalization;
    this.classNames = List.copyOf(classNames);
    this.docString = docString;
  }

  /** An export of {@code network}'s current weights, with no normalisation or class names. */
  public static OnnxExport of(GeneratedNetwork network) {
    Objects.requireNonNull(network, "network");
    return new OnnxExport(network, Optional.empty(), List.of(), "");
  }

  /** Writes {@code network} to {@code file}; see {@link #write(Path)}. */
  public static void write(GeneratedNetwork network, Path file) throws IOException {
    of(network).write(file);
  }

  /**
   * This export, recording the normalisation the network was trained with.
   *
   * @throws IllegalArgumentException if it is not for as many channels as the network's input
   */
  public OnnxExport withNormalization(Normalization normalization) {
    int channels = network.description().input().channels();
    if (normalization.channels() != channels) {
      throw new IllegalArgumentException("a normalisation of " + normalization.channels()
          + " channels does not fit " + network.name() + "'s input of " + channels);
    }
    return new OnnxExport(network, Optional.of(normalization), classNames, docString);
  }

  /**
   * This export, recording the class names in output order.
   *
   * @throws IllegalArgumentException if there is not one name a class
   */
  public OnnxExport withClassNames(List<String> names) {
    if (names.size() != network.description().classes()) {
      throw new IllegalArgumentException(names.size() + " class names for "
          + network.description().classes() + " classes of " + network.name());
    }
    return new OnnxExport(network, normalization, names, docString);
  }

  /**
   * This export, with {@code text} as the model's description, such as where its weights came
   * from.
   */
  public OnnxExport withDescription(String text) {
    return new OnnxExport(network, normalization, classNames, Objects.requireNonNull(text));
  }

  /**
   * The ONNX model, serialised.
   *
   * @throws UnsupportedLayerException if the network has a layer the export has no ONNX form for
   */
  public byte[] toByteArray() {
    NetworkDescription description = network.description();
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("ResDSL")
        .setModelVersion(1)
        .setDocString(docString.isEmpty() ? description.name() : docString)
        .setGraph(OnnxGraph.lower(description.name(), network.plan(), network.graph()));
    metadata().forEach((key, value) ->
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build().toByteArray();
  }

  /**
   * Writes the model to {@code file}, replacing it whole or not at all: the model is built in
   * memory first, then written to a temporary file beside {@code file}, synced and renamed.
   *
   * @throws UnsupportedLayerException if the network has a layer the export has no ONNX form for;
   *     nothing is written then
   * @throws IOException if the file cannot be written; no partial file is left
   */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, toByteArray());
  }

  /**
   * The metadata the model carries ({@code metadata_props}), in the order it is written: the keys
   * are this class's constants.
   */
  public Map<String, String> metadata() {
    NetworkDescription description = network.description();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MODEL, description.name());
    metadata.put(ARCHITECTURE, description.architecture());
    metadata.put(TRAINABLE_PARAMETERS, Long.toString(description.trainableParameters()));
    String input = "float32 [N, " + description.input().channels() + ", "
        + description.input().height() + ", " + description.input().width() + "] images,"
        + " as predict takes them; ";
    if (normalization.isPresent()) {
      metadata.put(NORMALIZATION, "{\"mean\": " + json(normalization.get().mean())
          + ", \"std\": " + json(normalization.get().std()) + "}");
      metadata.put(PREPROCESSING, input + "the model does not normalise: scale pixels to [0, 1],"
          + " then apply (x - mean[c]) / std[c] per channel with " + NORMALIZATION);
    } else {
      metadata.put(PREPROCESSING, input + "no normalisation was recorded with these weights:"
          + " feed the images as they were fed in training");
    }
    if (!classNames.isEmpty()) {
      metadata.put(CLASS_NAMES, classNames.stream().map(OnnxExport::quoted)
          .collect(Collectors.joining(", ", "[", "]")));
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static String json(float[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(Float.toString(values[i]));
    }
    return text.append(']').toString();
  }

  private static String quoted(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
