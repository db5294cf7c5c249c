package dev.resdsl.runtime.weights;

import java.util.Arrays;
import java.util.Optional;

/**
 * The safetensors element types this reader can convert, each with its size in bytes. Other
 * safetensors types (unsigned 64-bit, 8-bit floats, ...) are refused when a file is opened.
 */
public enum DType {
  /** IEEE 754 double precision. */
  F64(8, true),
  /** IEEE 754 single precision: what {@code state_dict()} holds for weights and statistics. */
  F32(4, true),
  /** IEEE 754 half precision. */
  F16(2, true),
  /** bfloat16: the upper half of a single-precision float. */
  BF16(2, true),
  /** Signed 64-bit integers, such as batch norm's {@code num_batches_tracked}. */
  I64(8, false),
  /** Signed 32-bit integers. */
  I32(4, false),
  /** Signed 16-bit integers. */
  I16(2, false),
  /** Signed 8-bit integers. */
  I8(1, false),
  /** Unsigned 8-bit integers. */
  U8(1, false),
  /** Booleans, one byte each (0 or 1). */
  BOOL(1, false);

  private final int bytes;
  private final boolean floatingPoint;

  DType(int bytes, boolean floatingPoint) {
    this.bytes = bytes;
    this.floatingPoint = floatingPoint;
  }

  /** The size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** Whether elements are floating-point numbers (else integers or booleans). */
  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The type that safetensors spells {@code name} ({@code "F32"}, ...), if this reader has it. */
  public static Optional<DType> named(String name) {
    return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
  }
}
