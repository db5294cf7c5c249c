package dev.resdsl.runtime.weights;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.nd4j.shade.jackson.core.JsonLocation;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The parsed and validated JSON header of a safetensors file: every tensor's entry, checked against
 * the data section, and the free-form {@code __metadata__}.
 *
 * <p>JSON is read with the Jackson that Deeplearning4j ships shaded (it reads its own
 * configurations with it), so the runtime needs no dependency of its own for it.
 *
 * @param tensors the tensors by name, in name order
 * @param metadata the {@code __metadata__} entries, in name order; empty if there are none
 */
record SafeTensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
  /** The key safetensors reserves for file-level metadata. */
  static final String METADATA = "__metadata__";

  // Strict: a repeated name would make the file mean two things, trailing text is corruption.
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final String SUPPORTED =
      Arrays.stream(DType.values()).map(Enum::name).collect(Collectors.joining(", "));

  /**
   * Parses a header and checks every entry against a data section of {@code dataLength} bytes.
   *
   * @throws SafeTensorsFormatException naming the file and the first problem found
   */
  static SafeTensorsHeader parse(Path file, byte[] header, long dataLength)
      throws SafeTensorsFormatException {
    JsonNode root = json(file, header);
    if (!root.isObject()) {
      throw new SafeTensorsFormatException(
          file,
          "the header is JSON " + root.getNodeType().name().toLowerCase() + ", not an object");
    }
    Map<String, TensorInfo> tensors = new TreeMap<>();
    Map<String, String> metadata = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals(METADATA)) {
        metadata.putAll(metadata(file, field.getValue()));
      } else {
        TensorInfo info = entry(file, field.getKey(), field.getValue(), dataLength);
        tensors.put(info.name(), info);
      }
    }
    checkLayout(file, tensors.values(), dataLength);
    return new SafeTensorsHeader(
        Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  private static JsonNode json(Path file, byte[] header) throws SafeTensorsFormatException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(header))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SafeTensorsFormatException(file, "the header is not UTF-8 text");
    }
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new SafeTensorsFormatException(file, "the header is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at character " + (at.getCharOffset() + 1);
      // Jackson's own message may run over several lines; ours is one.
      String why = e.getOriginalMessage().replaceAll("\\s+", " ").trim();
      throw new SafeTensorsFormatException(file, "bad JSON in the header" + where + ": " + why);
    }
  }

  private static Map<String, String> metadata(Path file, JsonNode node)
      throws SafeTensorsFormatException {
    if (!node.isObject()) {
      throw new SafeTensorsFormatException(file, METADATA + " is not an object");
    }
    Map<String, String> metadata = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getValue().isTextual()) {
        throw new SafeTensorsFormatException(
            file, METADATA + " entry \"" + field.getKey() + "\" is not a string");
      }
      metadata.put(field.getKey(), field.getValue().textValue());
    }
    return metadata;
  }

  private static TensorInfo entry(Path file, String name, JsonNode node, long dataLength)
      throws SafeTensorsFormatException {
    String what = "tensor \"" + name + "\"";
    if (!node.isObject()) {
      throw new SafeTensorsFormatException(file, what + " is not an object");
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafeTensorsFormatException(file, what + " has no \"dtype\" string");
    }
    DType dtype =
        DType.named(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    new SafeTensorsFormatException(
                        file,
                        what
                            + " has the unsupported dtype "
                            + dtypeNode.textValue()
                            + " (supported: "
                            + SUPPORTED
                            + ")"));
    List<Long> shape = naturals(file, what, "shape", node.get("shape"), -1);
    List<Long> offsets = naturals(file, what, "data_offsets", node.get("data_offsets"), 2);
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (end < begin) {
      throw new SafeTensorsFormatException(
          file, what + " has data_offsets " + offsets + ", which end before they begin");
    }
    if (end > dataLength) {
      throw new SafeTensorsFormatException(
          file,
          what
              + " has data_offsets "
              + offsets
              + ", beyond the "
              + dataLength
              + " bytes of data after the header");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
    long bytes;
    try {
      bytes = Math.multiplyExact(info.elements(), dtype.bytes());
    } catch (ArithmeticException e) {
      throw new SafeTensorsFormatException(file, what + " has the impossibly large shape " + shape);
    }
    if (bytes != end - begin) {
      throw new SafeTensorsFormatException(
          file,
          what
              + " of shape "
              + shape
              + " and dtype "
              + dtype
              + " needs "
              + bytes
              + " bytes, but its data_offsets "
              + offsets
              + " span "
              + (end - begin));
    }
    return info;
  }

  /** A JSON array of non-negative integers, of {@code length} elements unless it is negative. */
  private static List<Long> naturals(Path file, String what, String key, JsonNode node, int length)
      throws SafeTensorsFormatException {
    String expected =
        "\"" + key + "\" array of " + (length < 0 ? "" : length + " ") + "non-negative integers";
    if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
      throw new SafeTensorsFormatException(file, what + " has no " + expected);
    }
    List<Long> values = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      if (!element.isIntegralNumber() || !element.canConvertToLong() || element.longValue() < 0) {
        throw new SafeTensorsFormatException(
            file, what + " has " + key + " " + node + ", not an " + expected);
      }
      values.add(element.longValue());
    }
    return values;
  }

  /**
   * Checks that the tensors tile the data section: no overlaps, and, as the safetensors library
   * demands, no bytes that belong to no tensor (they could hide a second file in the first).
   */
  private static void checkLayout(Path file, Iterable<TensorInfo> tensors, long dataLength)
      throws SafeTensorsFormatException {
    List<TensorInfo> byOffset = new ArrayList<>();
    tensors.forEach(byOffset::add);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    TensorInfo previous = null;
    long covered = 0;
    for (TensorInfo info : byOffset) {
      if (info.begin() < covered) {
        throw new SafeTensorsFormatException(
            file,
            "tensors \""
                + previous.name()
                + "\" (bytes "
                + previous.begin()
                + " to "
                + previous.end()
                + ") and \""
                + info.name()
                + "\" (bytes "
                + info.begin()
                + " to "
                + info.end()
                + ") overlap");
      }
      if (info.begin() > covered) {
        throw new SafeTensorsFormatException(
            file, "bytes " + covered + " to " + info.begin() + " of the data belong to no tensor");
      }
      covered = info.end();
      previous = info;
    }
    if (covered != dataLength) {
      throw new SafeTensorsFormatException(
          file,
          "the last "
              + (dataLength - covered)
              + " bytes of the file (after byte "
              + covered
              + " of the data) belong to no tensor");
    }
  }
}
