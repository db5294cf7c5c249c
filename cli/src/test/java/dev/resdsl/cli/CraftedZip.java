package dev.resdsl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Zip files written byte by byte, so that an entry can claim another size than it holds: what a
 * zip bomb's headers look like, without inflating gigabytes in a test.
 */
final class CraftedZip {
  /** One entry: its content, and the uncompressed sizes its two headers claim. */
  record Entry(String name, byte[] content, long localSize, long centralSize) {
    Entry(String name, byte[] content) {
      this(name, content, content.length, content.length);
    }
  }

  private CraftedZip() {}

  /** The entries of a zip file, in order, with their true sizes. */
  static Map<String, Entry> read(Path zip) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : Collections.list(file.entries())) {
        entries.put(entry.getName(),
            new Entry(entry.getName(), file.getInputStream(entry).readAllBytes()));
      }
    }
    return entries;
  }

  /** Writes the entries, deflated, with the sizes they claim. */
  static void write(Path zip, List<Entry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<byte[]> central = new ArrayList<>();
    for (Entry entry : entries) {
      byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
      byte[] data = deflate(entry.content());
      CRC32 crc = new CRC32();
      crc.update(entry.content());
      int offset = out.size();
      out.write(header(0x04034b50, name, data.length, entry.localSize(), crc.getValue(), -1));
      out.write(name);
      out.write(data);
      byte[] record = header(0x02014b50, name, data.length, entry.centralSize(), crc.getValue(),
          offset);
      ByteArrayOutputStream c = new ByteArrayOutputStream();
      c.write(record);
      c.write(name);
      central.add(c.toByteArray());
    }
    int start = out.size();
    for (byte[] record : central) {
      out.write(record);
    }
    ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
        .putShort((short) entries.size()).putShort((short) entries.size())
        .putInt(out.size() - start).putInt(start).putShort((short) 0);
    out.write(end.array());
    Files.write(zip, out.toByteArray());
  }

  /** A local header (offset -1) or a central directory record, without the name. */
  private static byte[] header(int signature, byte[] name, long compressed, long size, long crc,
      long offset) {
    boolean local = offset < 0;
    ByteBuffer b = ByteBuffer.allocate(local ? 30 : 46).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(signature);
    if (!local) {
      b.putShort((short) 20); // made by
    }
    b.putShort((short) 20).putShort((short) 0).putShort((short) 8) // version, flags, deflated
        .putShort((short) 0).putShort((short) 0x21) // time, date (1980-01-01)
        .putInt((int) crc).putInt((int) compressed).putInt((int) size)
        .putShort((short) name.length).putShort((short) 0);
    if (!local) {
      b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset);
    }
    return b.array();
  }

  private static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }
}
