package dev.resdsl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing files whole, and saying so when the folder cannot be made durable. */
class AtomicFilesTest {
  @TempDir Path folder;

  @Test
  void replaceLeavesTheNewContentAndNoTemporaryFileAndPrintsNothing() throws IOException {
    Path file = folder.resolve("a.txt");
    Files.writeString(file, "old");
    String err = StandardError.of(() -> {
      try {
        AtomicFiles.write(file, "new".getBytes());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals("new", Files.readString(file));
    try (var files = Files.list(folder)) {
      assertEquals(List.of(file), files.toList());
    }
    assertEquals("", err, "a folder that syncs is no news");
  }

  @Test
  void aFolderThatCannotBeSyncedIsOneWarningLineNamingIt() {
    // Opening the folder fails, as fsync of a folder fails on a file system that refuses it.
    Path gone = folder.resolve("removed-meanwhile");
    String err = StandardError.of(() -> AtomicFiles.syncFolder(gone));
    List<String> lines = err.lines().toList();
    assertEquals(1, lines.size(), err);
    assertTrue(lines.get(0).contains("WARN"), err);
    assertTrue(lines.get(0).contains("cannot sync the folder " + gone + " after replacing a file in"
        + " it (java.nio.file.NoSuchFileException: " + gone + "): the new file is in place, but a"
        + " power loss now could undo the replacement"), err);
  }
}
