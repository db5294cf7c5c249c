package dev.resdsl.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces files whole or not at all: the content goes to a temporary name beside the target,
 * is synced, and is renamed into place, so that a crash at any moment leaves the old file or the
 * new one, never a mix.
 */
public final class AtomicFiles {
  private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

  private AtomicFiles() {}

  /** Writes a file's content to the temporary path it is given. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole new content to {@code temp}, which does not exist yet. */
    void writeTo(Path temp) throws IOException;
  }

  /** Replaces {@code file} with {@code content}. */
  public static void write(Path file, byte[] content) throws IOException {
    replace(file, temp -> Files.write(temp, content));
  }

  /** Replaces {@code file} with what {@code writer} writes. */
  public static void replace(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    Files.createDirectories(folder);
    // In the target's folder, so that the final rename stays within one file system.
    Path temp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      writer.writeTo(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    syncFolder(folder);
  }

  /**
   * Deletes the temporary files that writes of {@code file} left when their process was killed;
   * call it only while no other process writes {@code file}.
   */
  public static void removeLeftovers(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    if (!Files.isDirectory(target.getParent())) {
      return;
    }
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(target.getParent(), prefix + "*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /**
   * Makes the rename durable. A folder that cannot be synced (a file system that refuses to, an
   * I/O error) is a warning, one line on standard error from the command line, not a failure: the
   * file itself is complete and in place, and only a power loss before the file system writes the
   * folder back could lose the rename.
   */
  static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.warn("cannot sync the folder {} after replacing a file in it ({}): the new file is in"
          + " place, but a power loss now could undo the replacement", folder,
          String.valueOf(e).lines().findFirst().orElse("")); // a message, not a stack trace
    }
  }
}
