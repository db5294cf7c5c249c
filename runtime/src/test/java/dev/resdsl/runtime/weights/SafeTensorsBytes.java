package dev.resdsl.runtime.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds safetensors files byte by byte for tests: well-formed ones from tensors, and any header
 * with any data for the malformed cases.
 */
final class SafeTensorsBytes {
  private final List<String> entries = new ArrayList<>();
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  /** Appends a tensor whose data is {@code bytes}, its offsets following the previous one's. */
  SafeTensorsBytes add(String name, String dtype, long[] shape, byte[] bytes) {
    int begin = data.size();
    data.writeBytes(bytes);
    entries.add(
        json(name)
            + ":{\"dtype\":"
            + json(dtype)
            + ",\"shape\":"
            + java.util.Arrays.toString(shape).replace(" ", "")
            + ",\"data_offsets\":["
            + begin
            + ","
            + data.size()
            + "]}");
    return this;
  }

  /** Appends an F32 tensor. */
  SafeTensorsBytes floats(String name, long[] shape, float... values) {
    ByteBuffer bytes = little(values.length * Float.BYTES);
    for (float value : values) {
      bytes.putFloat(value);
    }
    return add(name, "F32", shape, bytes.array());
  }

  /** Appends an I64 tensor. */
  SafeTensorsBytes longs(String name, long[] shape, long... values) {
    ByteBuffer bytes = little(values.length * Long.BYTES);
    for (long value : values) {
      bytes.putLong(value);
    }
    return add(name, "I64", shape, bytes.array());
  }

  /** Adds a {@code __metadata__} entry. */
  SafeTensorsBytes metadata(Map<String, String> metadata) {
    entries.add(
        0,
        "\"__metadata__\":{"
            + metadata.entrySet().stream()
                .map(e -> json(e.getKey()) + ":" + json(e.getValue()))
                .collect(Collectors.joining(","))
            + "}");
    return this;
  }

  /** The file: length, header padded with spaces to a multiple of 8, data. */
  byte[] bytes() {
    return file("{" + String.join(",", entries) + "}", data.toByteArray());
  }

  /** A file of any header text and data, padded as the safetensors writer pads. */
  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer file = little(Long.BYTES + padded + data.length);
    file.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      file.put((byte) ' ');
    }
    return file.put(data).array();
  }

  static ByteBuffer little(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
