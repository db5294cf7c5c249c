package dev.resdsl.runtime;

import dev.resdsl.runtime.backend.NativeBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoint files: Deeplearning4j's model zip (configuration, weights, updater state) plus
 * entries of ours naming the network and its architecture, so that loading can refuse a checkpoint
 * of another network before reading any weights, and any further text entries a caller adds
 * (training state). Files are written to a temporary name, synced and renamed into place.
 */
public final class Checkpoints {
  // Plain UTF-8 entries rather than ModelSerializer.addObjectToFile's Java serialisation, so
  // that `unzip -p checkpoint.zip resdsl-architecture.txt` shows what a file holds. At the top
  // level: ModelSerializer refuses to restore a zip that has any folder entry.
  private static final String NAME_ENTRY = "resdsl-name.txt";
  private static final String ARCHITECTURE_ENTRY = "resdsl-architecture.txt";

  /** The largest array the JVM allocates, and so the largest entry Deeplearning4j reads. */
  private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

  /** The most an entry of ours (name, architecture, training state) is read into memory. */
  private static final int MAX_TEXT_BYTES = 64 << 20;

  private Checkpoints() {}

  /** Writes {@code graph} with its updater state as a checkpoint of {@code description}. */
  public static void write(ComputationGraph graph, NetworkDescription description, Path file)
      throws IOException {
    write(graph, description, file, Map.of());
  }

  /**
   * Writes a checkpoint with further UTF-8 text entries, such as training state; entry names are
   * file names without folders.
   */
  public static void write(
      ComputationGraph graph, NetworkDescription description, Path file, Map<String, String> extra)
      throws IOException {
    AtomicFiles.replace(file, temp -> {
      ModelSerializer.writeModel(graph, temp.toFile(), true);
      // Created like any new file, so its permissions follow the umask; the zip file system
      // rewrites it through a private temporary file, whose owner-only permissions it would keep.
      Set<PosixFilePermission> permissions = posixPermissions(temp);
      try (FileSystem zip = FileSystems.newFileSystem(temp)) {
        Files.writeString(zip.getPath(NAME_ENTRY), description.name());
        Files.writeString(zip.getPath(ARCHITECTURE_ENTRY), description.architecture());
        for (Map.Entry<String, String> entry : extra.entrySet()) {
          Files.writeString(zip.getPath(entry.getKey()), entry.getValue());
        }
      }
      if (permissions != null) {
        Files.setPosixFilePermissions(temp, permissions);
      }
    });
  }

  /**
   * Reads the graph of a checkpoint of {@code expected}'s architecture.
   *
   * @throws ArchitectureMismatchException if the file holds another architecture
   */
  public static ComputationGraph read(Path file, NetworkDescription expected) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such checkpoint file");
    }
    String savedName;
    String savedArchitecture;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      savedName = entry(zip, NAME_ENTRY, file);
      savedArchitecture = entry(zip, ARCHITECTURE_ENTRY, file);
      requireReadableSizes(zip, file);
    } catch (ZipException e) {
      throw new IOException(file + " is not a ResDSL checkpoint: not a zip file", e);
    }
    if (!savedArchitecture.equals(expected.architecture())) {
      throw new ArchitectureMismatchException(file, savedName, savedArchitecture, expected);
    }
    try {
      return NativeBackend.withLayerHelpers(() -> {
        try {
          return ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      throw new IOException(file + " is a damaged checkpoint: " + reason(e), e);
    } catch (OutOfMemoryError e) {
      // Deeplearning4j holds every entry in memory: an entry whose size the zip's directory
      // understates (a zip bomb), or a checkpoint larger than the heap.
      throw new IOException(file + " does not fit in memory (" + e.getMessage() + "): a damaged"
          + " checkpoint, or one that needs more heap (-Xmx)", e);
    }
  }

  /**
   * Refuses an entry larger than Deeplearning4j can read (it holds each one in a byte array): a
   * zip bomb is named before anything is inflated.
   */
  private static void requireReadableSizes(ZipFile zip, Path file) throws IOException {
    for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
      if (entry.getSize() > MAX_ENTRY_BYTES) {
        throw new IOException(String.format(java.util.Locale.ROOT, "%s is a damaged checkpoint:"
                + " its entry %s inflates to %,d bytes, more than the %,d Deeplearning4j can read"
                + " (a zip bomb, or not a checkpoint)",
            file, entry.getName(), entry.getSize(), MAX_ENTRY_BYTES));
      }
    }
  }

  /** What went wrong, also where Deeplearning4j's reader throws without a message. */
  private static String reason(RuntimeException e) {
    String message = e.getMessage();
    if (message != null && !message.isBlank()) {
      return message.lines().findFirst().orElse(message);
    }
    StackTraceElement where = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
    if (e instanceof IllegalArgumentException && where != null
        && where.getMethodName().equals("loadZipData")) {
      // ModelSerializer's only refusal there: an entry that is a folder or, by the header before
      // its data, larger than an array holds.
      return "an entry is a folder or claims more than 2,147,483,647 bytes in its local header,"
          + " which Deeplearning4j cannot read (a zip bomb, or not a checkpoint)";
    }
    return "Deeplearning4j's reader failed without saying why"
        + (where != null ? ", at " + where : "");
  }

  /** A text entry that {@link #write(ComputationGraph, NetworkDescription, Path, Map)} added. */
  public static Optional<String> readEntry(Path file, String name) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(name) == null ? Optional.empty() : Optional.of(entry(zip, name, file));
    } catch (ZipException e) {
      throw new IOException(file + " is not a ResDSL checkpoint: not a zip file", e);
    }
  }

  private static String entry(ZipFile zip, String name, Path file) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IOException(
          file + " is not a ResDSL checkpoint: it has no " + name + " entry (write one with save)");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      // Read with a cap, whatever size the zip's directory claims: a bomb stops here.
      byte[] text = in.readNBytes(MAX_TEXT_BYTES + 1);
      if (text.length > MAX_TEXT_BYTES) {
        throw new IOException(String.format(java.util.Locale.ROOT, "%s is a damaged checkpoint:"
            + " its entry %s inflates to more than the %,d bytes of text it can hold (a zip bomb,"
            + " or not a checkpoint)", file, name, MAX_TEXT_BYTES));
      }
      return new String(text, StandardCharsets.UTF_8);
    }
  }

  private static Set<PosixFilePermission> posixPermissions(Path file) throws IOException {
    try {
      return Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return null; // not a POSIX file system: nothing to preserve
    }
  }
}
