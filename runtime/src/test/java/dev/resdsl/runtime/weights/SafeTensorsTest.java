package dev.resdsl.runtime.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader on files built byte by byte: good ones, and each kind of damage. */
class SafeTensorsTest {
  @TempDir Path folder;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(folder.resolve(name), bytes);
  }

  private String failure(byte[] bytes) throws IOException {
    Path file = write("bad.safetensors", bytes);
    SafeTensorsFormatException e =
        assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.open(file).close());
    assertEquals(file, e.file());
    assertTrue(
        e.getMessage().startsWith(file + " is not a valid safetensors file: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.problem();
  }

  @Test
  void readsTensorsShapesValuesAndMetadata() throws IOException {
    byte[] bytes =
        new SafeTensorsBytes()
            .longs("bn.num_batches_tracked", new long[0], 7)
            .floats("conv.weight", new long[] {2, 1, 1, 2}, 1.5f, -2f, 0f, 3.25f)
            .floats("empty", new long[] {0, 4})
            .metadata(Map.of("format", "pt"))
            .bytes();
    try (SafeTensors file = SafeTensors.open(write("good.safetensors", bytes))) {
      assertEquals(
          List.of("bn.num_batches_tracked", "conv.weight", "empty"),
          List.copyOf(file.tensors().keySet()));
      TensorInfo conv = file.tensors().get("conv.weight");
      assertEquals(new TensorInfo("conv.weight", DType.F32, List.of(2L, 1L, 1L, 2L), 8, 24), conv);
      assertEquals(4, conv.elements());
      assertArrayEquals(new float[] {1.5f, -2f, 0f, 3.25f}, file.floats("conv.weight"));
      assertArrayEquals(new long[] {7}, file.longs("bn.num_batches_tracked"));
      assertEquals(List.of(), file.tensors().get("bn.num_batches_tracked").shape());
      assertEquals(0, file.floats("empty").length);
      assertEquals(Map.of("format", "pt"), file.metadata());
      assertThrows(IllegalArgumentException.class, () -> file.floats("bn.num_batches_tracked"));
      assertThrows(IllegalArgumentException.class, () -> file.longs("conv.weight"));
      assertThrows(IllegalArgumentException.class, () -> file.floats("absent"));
    }
  }

  @Test
  void convertsOtherFloatingPointAndIntegerTypes() throws IOException {
    ByteBuffer f64 = SafeTensorsBytes.little(16).putDouble(0.1).putDouble(-1e300);
    // Half precision: 1.0, -2.0, 65504 (largest), 2^-24 (smallest subnormal), infinity.
    ByteBuffer f16 = SafeTensorsBytes.little(10);
    for (int bits : new int[] {0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00}) {
      f16.putShort((short) bits);
    }
    // bfloat16: the upper halves of 1.0f and -0.15625f.
    ByteBuffer bf16 = SafeTensorsBytes.little(4).putShort((short) 0x3f80).putShort((short) 0xbe20);
    ByteBuffer i32 = SafeTensorsBytes.little(8).putInt(-3).putInt(Integer.MAX_VALUE);
    byte[] bytes =
        new SafeTensorsBytes()
            .add("a.f64", "F64", new long[] {2}, f64.array())
            .add("b.f16", "F16", new long[] {5}, f16.array())
            .add("c.bf16", "BF16", new long[] {2}, bf16.array())
            .add("d.i32", "I32", new long[] {2}, i32.array())
            .add("e.u8", "U8", new long[] {2}, new byte[] {(byte) 255, 1})
            .add("f.bool", "BOOL", new long[] {2}, new byte[] {1, 0})
            .bytes();
    try (SafeTensors file = SafeTensors.open(write("types.safetensors", bytes))) {
      assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, file.floats("a.f64"));
      assertArrayEquals(
          new float[] {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY}, file.floats("b.f16"));
      assertArrayEquals(new float[] {1f, -0.15625f}, file.floats("c.bf16"));
      assertArrayEquals(new long[] {-3, Integer.MAX_VALUE}, file.longs("d.i32"));
      assertArrayEquals(new long[] {255, 1}, file.longs("e.u8"));
      assertArrayEquals(new long[] {1, 0}, file.longs("f.bool"));
    }
  }

  @Test
  void halfPrecisionMatchesFloatForEveryValue() {
    // Every half is exact in single precision, so converting back by rounding must round-trip.
    for (int bits = 0; bits < 0x10000; bits++) {
      float value = SafeTensors.halfToFloat((short) bits);
      if (Float.isNaN(value)) {
        assertEquals(0x1f, (bits >>> 10) & 0x1f, Integer.toHexString(bits));
        continue;
      }
      int sign = bits >>> 15;
      int exponent = (bits >>> 10) & 0x1f;
      int mantissa = bits & 0x3ff;
      double expected =
          exponent == 0x1f
              ? Double.POSITIVE_INFINITY
              : exponent == 0
                  ? mantissa * Math.pow(2, -24)
                  : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
      assertEquals(sign == 0 ? expected : -expected, value, 0.0, Integer.toHexString(bits));
    }
  }

  @Test
  void refusesAFileShorterThanTheHeaderLength() throws IOException {
    assertEquals(
        "it has 5 bytes, fewer than the 8 of the header length it starts with",
        failure(new byte[5]));
    assertEquals(
        "it has 0 bytes, fewer than the 8 of the header length it starts with",
        failure(new byte[0]));
  }

  @Test
  void refusesAHeaderLengthBeyondTheFile() throws IOException {
    byte[] good = new SafeTensorsBytes().floats("w", new long[] {2}, 1f, 2f).bytes();
    byte[] truncated = Arrays.copyOf(good, 20);
    assertEquals(
        "its header length 56 runs past the end of the file (12 bytes follow the length)",
        failure(truncated));
    byte[] huge = SafeTensorsBytes.little(16).putLong(-1L).array();
    assertEquals(
        "its header length 18446744073709551615 runs past the end of the file"
            + " (8 bytes follow the length)",
        failure(huge));
  }

  @Test
  void refusesTruncatedData() throws IOException {
    byte[] good = new SafeTensorsBytes().floats("w", new long[] {2}, 1f, 2f).bytes();
    assertEquals(
        "tensor \"w\" has data_offsets [0, 8], beyond the 4 bytes of data after the header",
        failure(Arrays.copyOf(good, good.length - 4)));
  }

  @Test
  void refusesBadJson() throws IOException {
    String problem = failure(SafeTensorsBytes.file("{\"w\": {\"dtype\": \"F32\",,}", new byte[0]));
    assertTrue(problem.startsWith("bad JSON in the header at character 24: "), problem);
    assertTrue(
        failure(SafeTensorsBytes.file("{\"a\":{}} x", new byte[0]))
            .startsWith("bad JSON in the header"));
    assertTrue(
        failure(
                SafeTensorsBytes.file(
                    "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
                    new byte[4]))
            .contains("Duplicate field 'w'"));
    assertEquals(
        "the header is JSON array, not an object",
        failure(SafeTensorsBytes.file("[1, 2]", new byte[0])));
    assertEquals("the header is empty", failure(SafeTensorsBytes.file("", new byte[0])));
    byte[] notUtf8 = SafeTensorsBytes.file("{\"\u00e9\":1}", new byte[0]);
    notUtf8[10] = (byte) 0xff;
    assertEquals("the header is not UTF-8 text", failure(notUtf8));
  }

  @Test
  void refusesMalformedEntries() throws IOException {
    assertEquals(
        "tensor \"w\" has no \"dtype\" string",
        failure(
            SafeTensorsBytes.file("{\"w\":{\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4])));
    assertEquals(
        "tensor \"w\" has no \"shape\" array of non-negative integers",
        failure(
            SafeTensorsBytes.file(
                "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4])));
    assertEquals(
        "tensor \"w\" has shape [-1], not an \"shape\" array of non-negative integers",
        failure(
            SafeTensorsBytes.file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4])));
    assertEquals(
        "tensor \"w\" has no \"data_offsets\" array of 2 non-negative integers",
        failure(
            SafeTensorsBytes.file(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}", new byte[4])));
    assertEquals(
        "__metadata__ entry \"n\" is not a string",
        failure(SafeTensorsBytes.file("{\"__metadata__\":{\"n\":1}}", new byte[0])));
  }

  @Test
  void refusesAnUnsupportedDtype() throws IOException {
    byte[] bytes = new SafeTensorsBytes().add("w", "U64", new long[] {1}, new byte[8]).bytes();
    assertEquals(
        "tensor \"w\" has the unsupported dtype U64"
            + " (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)",
        failure(bytes));
  }

  @Test
  void refusesOffsetsOutOfRangeReversedOrNotFittingTheShape() throws IOException {
    String entry = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":%s}}";
    assertEquals(
        "tensor \"w\" has data_offsets [0, 16], beyond the 8 bytes of data after the header",
        failure(SafeTensorsBytes.file(String.format(entry, "[0,16]"), new byte[8])));
    assertEquals(
        "tensor \"w\" has data_offsets [8, 0], which end before they begin",
        failure(SafeTensorsBytes.file(String.format(entry, "[8,0]"), new byte[8])));
    assertEquals(
        "tensor \"w\" of shape [2] and dtype F32 needs 8 bytes, but its data_offsets [0, 12]"
            + " span 12",
        failure(SafeTensorsBytes.file(String.format(entry, "[0,12]"), new byte[12])));
  }

  @Test
  void refusesOverlapsGapsAndUnusedTrailingBytes() throws IOException {
    String two =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":%s}}";
    assertEquals(
        "tensors \"a\" (bytes 0 to 8) and \"b\" (bytes 4 to 8) overlap",
        failure(SafeTensorsBytes.file(String.format(two, "[4,8]"), new byte[8])));
    assertEquals(
        "bytes 8 to 12 of the data belong to no tensor",
        failure(SafeTensorsBytes.file(String.format(two, "[12,16]"), new byte[16])));
    assertEquals(
        "the last 4 bytes of the file (after byte 12 of the data) belong to no tensor",
        failure(SafeTensorsBytes.file(String.format(two, "[8,12]"), new byte[16])));
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> SafeTensors.open(folder.resolve("absent")));
  }
}
