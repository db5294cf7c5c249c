package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (big-endian header: magic number {@code
 * 0x0000080D} with D dimensions of unsigned bytes, D sizes, then the bytes), gzipped or not,
 * checking every field against the file: from a local file on one machine, and from a stream
 * Spark opened on an executor.
 */
public final class IdxFile {
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxFile() {}

  /**
   * Images read from an IDX file of three dimensions: count, rows, columns.
   *
   * @param shape each image's shape, one channel
   * @param count the images
   * @param pixels the images one after another, {@code shape.size()} bytes each
   */
  public record Images(Shape shape, int count, byte[] pixels) {}

  /**
   * Reads an image file.
   *
   * @param fix what to do if the file is bad, ending the error message
   */
  static Images readImages(Path file, String fix) throws DataSourceException {
    try (InputStream in = Files.newInputStream(file)) {
      return readImages(in, file.toString(), fix);
    } catch (IOException e) {
      throw unreadable(file.toString(), e, fix);
    }
  }

  /**
   * Reads an image file from {@code stream}, which it does not close.
   *
   * @param file names the file in errors
   * @param fix what to do if the file is bad, ending the error message
   * @throws DataSourceException in one line naming {@code file} if it is not a whole IDX image
   *     file
   */
  public static Images readImages(InputStream stream, String file, String fix)
      throws DataSourceException {
    try {
      DataInputStream in = open(stream);
      int[] dims = header(in, file, 3, "image", fix);
      Shape shape = new Shape(1, dims[1], dims[2]);
      int bytes = ImageDataset.byteCount(shape, dims[0], file);
      return new Images(shape, dims[0], body(in, file, bytes, fix));
    } catch (DataSourceException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(file, e, fix);
    }
  }

  /**
   * Reads a label file whose labels must be below {@code classes}.
   *
   * @param fix what to do if the file is bad, ending the error message
   */
  static int[] readLabels(Path file, int classes, String fix) throws DataSourceException {
    try (InputStream in = Files.newInputStream(file)) {
      return readLabels(in, file.toString(), classes, fix);
    } catch (IOException e) {
      throw unreadable(file.toString(), e, fix);
    }
  }

  /**
   * Reads a label file whose labels must be below {@code classes} from {@code stream}, which it
   * does not close.
   *
   * @param file names the file in errors
   * @param fix what to do if the file is bad, ending the error message
   * @throws DataSourceException in one line naming {@code file} if it is not a whole IDX label
   *     file or a label is out of range
   */
  public static int[] readLabels(InputStream stream, String file, int classes, String fix)
      throws DataSourceException {
    byte[] bytes;
    try {
      DataInputStream in = open(stream);
      int[] dims = header(in, file, 1, "label", fix);
      bytes = body(in, file, dims[0], fix);
    } catch (DataSourceException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(file, e, fix);
    }
    int[] labels = new int[bytes.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = bytes[i] & 0xFF;
      if (labels[i] >= classes) {
        throw new DataSourceException(
            file
                + ": label "
                + labels[i]
                + " of item "
                + i
                + " is not one of the "
                + classes
                + " classes 0.."
                + (classes - 1)
                + "; "
                + fix);
      }
    }
    return labels;
  }

  // Gzip is recognised by its magic bytes, not by the name, so a renamed file still reads.
  private static DataInputStream open(InputStream stream) throws IOException {
    InputStream in = new BufferedInputStream(stream, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1F && b1 == 0x8B) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return new DataInputStream(in);
  }

  private static int[] header(
      DataInputStream in, String file, int dimensions, String what, String fix) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new DataSourceException(file + ": empty or truncated before its IDX header; " + fix);
    }
    int expected = (UNSIGNED_BYTE << 8) | dimensions;
    if (magic != expected) {
      throw new DataSourceException(
          String.format(
              "%s: not an IDX %s file (magic number 0x%08X, expected 0x%08X); %s",
              file, what, magic, expected, fix));
    }
    int[] dims = new int[dimensions];
    for (int d = 0; d < dimensions; d++) {
      try {
        dims[d] = in.readInt();
      } catch (EOFException e) {
        throw new DataSourceException(file + ": truncated in its IDX header; " + fix);
      }
      // A count may be 0; an image of no rows or columns is not an image.
      if (dims[d] < (d == 0 ? 0 : 1)) {
        throw new DataSourceException(
            file + ": IDX dimension " + d + " is " + dims[d] + ", not a size; " + fix);
      }
    }
    return dims;
  }

  private static byte[] body(DataInputStream in, String file, int bytes, String fix)
      throws IOException {
    byte[] body = in.readNBytes(bytes);
    if (body.length < bytes) {
      throw new DataSourceException(
          file
              + ": truncated: its header announces "
              + bytes
              + " bytes of data but it holds "
              + body.length
              + "; "
              + fix);
    }
    if (in.read() != -1) {
      throw new DataSourceException(
          file + ": holds more data than its header announces (" + bytes + " bytes); " + fix);
    }
    return body;
  }

  private static DataSourceException unreadable(String file, IOException e, String fix) {
    String why =
        e instanceof EOFException || e instanceof ZipException
            ? "a truncated or corrupt gzip file (" + e.getMessage() + ")"
            : "unreadable (" + e + ")";
    return new DataSourceException(file + ": " + why + "; " + fix, e);
  }
}
