package dev.resdsl.runtime.weights;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A safetensors file opened for reading: its header parsed and validated, its tensors read on
 * demand.
 *
 * <p>The format: an unsigned 64-bit little-endian header length {@code N}; {@code N} bytes of UTF-8
 * JSON mapping each tensor's name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}
 * (offsets into the data, which follows the header), and an optional {@code "__metadata__"} object
 * of strings; then the tensors' little-endian data. {@link #open} checks all of it before
 * returning, so that a truncated or corrupt file fails at once with one line naming the file and
 * the problem. Tensors are memory-mapped one at a time when read, so a file of hundreds of
 * megabytes is never held in memory whole.
 */
public final class SafeTensors implements Closeable {
  /** The largest header the safetensors library accepts; a larger one is corruption. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final int LENGTH_BYTES = Long.BYTES;

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final SafeTensorsHeader header;

  private SafeTensors(Path file, FileChannel channel, long dataStart, SafeTensorsHeader header) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.header = header;
  }

  /**
   * Opens and validates a safetensors file.
   *
   * @throws SafeTensorsFormatException if the file is not well-formed safetensors: shorter than the
   *     header length, a header length beyond the file, bad JSON, an unsupported dtype, data
   *     offsets out of range, overlapping or leaving bytes unused, or a shape that does not fill
   *     its bytes
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if it cannot be read
   */
  public static SafeTensors open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (size < LENGTH_BYTES) {
        throw new SafeTensorsFormatException(
            file,
            "it has "
                + size
                + " bytes, fewer than the "
                + LENGTH_BYTES
                + " of the header length it starts with");
      }
      long headerLength = readFully(file, channel, 0, LENGTH_BYTES).getLong();
      // Unsigned: a length with the top bit set reads as negative, and is past any end too.
      if (headerLength < 0 || headerLength > size - LENGTH_BYTES) {
        throw new SafeTensorsFormatException(
            file,
            "its header length "
                + Long.toUnsignedString(headerLength)
                + " runs past the end of the file ("
                + (size - LENGTH_BYTES)
                + " bytes follow the length)");
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new SafeTensorsFormatException(
            file,
            "its header length "
                + headerLength
                + " exceeds the "
                + MAX_HEADER_BYTES
                + " bytes safetensors allows");
      }
      byte[] json = new byte[(int) headerLength];
      readFully(file, channel, LENGTH_BYTES, json.length).get(json);
      long dataStart = LENGTH_BYTES + headerLength;
      SafeTensorsHeader header = SafeTensorsHeader.parse(file, json, size - dataStart);
      return new SafeTensors(file, channel, dataStart, header);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** Every tensor's entry, by name, in name order. */
  public Map<String, TensorInfo> tensors() {
    return header.tensors();
  }

  /** The header's {@code __metadata__} strings, in name order; empty if it has none. */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /**
   * A floating-point tensor's elements as floats, in row-major order; F64 values are rounded.
   *
   * @throws IllegalArgumentException if there is no such tensor or it is not floating-point
   * @throws IOException if the file cannot be read
   */
  public float[] floats(String name) throws IOException {
    TensorInfo info = tensor(name);
    if (!info.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          file + ": tensor \"" + name + "\" is " + info.dtype() + "; read it with longs()");
    }
    ByteBuffer data = map(info);
    float[] values = new float[elements(info)];
    switch (info.dtype()) {
      case F32 -> data.asFloatBuffer().get(values);
      case F64 -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) data.getDouble(i * Double.BYTES);
        }
      }
      case F16 -> {
        for (int i = 0; i < values.length; i++) {
          values[i] = halfToFloat(data.getShort(i * Short.BYTES));
        }
      }
      case BF16 -> {
        for (int i = 0; i < values.length; i++) {
          // bfloat16 is the upper half of a float's bits.
          values[i] = Float.intBitsToFloat(data.getShort(i * Short.BYTES) << 16);
        }
      }
      default -> throw new AssertionError(info.dtype());
    }
    return values;
  }

  /**
   * An integer or boolean tensor's elements as longs, in row-major order (booleans as 0 and 1).
   *
   * @throws IllegalArgumentException if there is no such tensor or it is floating-point
   * @throws IOException if the file cannot be read
   */
  public long[] longs(String name) throws IOException {
    TensorInfo info = tensor(name);
    if (info.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          file + ": tensor \"" + name + "\" is " + info.dtype() + "; read it with floats()");
    }
    ByteBuffer data = map(info);
    long[] values = new long[elements(info)];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (info.dtype()) {
            case I64 -> data.getLong(i * Long.BYTES);
            case I32 -> data.getInt(i * Integer.BYTES);
            case I16 -> data.getShort(i * Short.BYTES);
            case I8 -> data.get(i);
            case U8, BOOL -> Byte.toUnsignedInt(data.get(i));
            default -> throw new AssertionError(info.dtype());
          };
    }
    return values;
  }

  /** Closes the file; tensors cannot be read afterwards. */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  private TensorInfo tensor(String name) {
    TensorInfo info = header.tensors().get(name);
    if (info == null) {
      throw new IllegalArgumentException(file + " has no tensor \"" + name + "\"");
    }
    return info;
  }

  private int elements(TensorInfo info) throws SafeTensorsFormatException {
    long n = info.elements();
    // The largest array the JVM reliably allocates.
    if (n > Integer.MAX_VALUE - 8) {
      throw new SafeTensorsFormatException(
          file, "tensor \"" + info.name() + "\" has " + n + " elements, more than an array holds");
    }
    return (int) n;
  }

  private ByteBuffer map(TensorInfo info) throws IOException {
    long length = info.end() - info.begin();
    if (length == 0) {
      return ByteBuffer.allocate(0);
    }
    return channel
        .map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), length)
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        // Only if the file shrinks while it is read: its size was checked first.
        throw new SafeTensorsFormatException(
            file, "it ends at byte " + (position + buffer.position()) + ", earlier than it did");
      }
    }
    return buffer.flip();
  }

  /** An IEEE 754 half-precision value (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      // Infinity or NaN: all exponent bits set, the mantissa carried over.
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa x 2^-24, exact in single precision.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    // Normal: rebias the exponent from 15 to 127.
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
