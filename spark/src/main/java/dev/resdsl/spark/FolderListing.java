package dev.resdsl.spark;

import dev.resdsl.runtime.data.ClassSplit;
import dev.resdsl.runtime.data.DataSourceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's part of reading {@code folder:DIR} on a cluster: the names of the class folders
 * and of their files, listed through Hadoop's file systems (a local path, {@code file://}, {@code
 * hdfs://}), split as one machine splits them, and no image read. What it gives is bookkeeping:
 * every file's place in the sorted listing and its label.
 *
 * @param classNames the sorted class folder names
 * @param train the training files, class by class, each class's sorted (or as split)
 * @param test the held-out files, likewise
 */
record FolderListing(List<String> classNames, List<ListedFile> train, List<ListedFile> test) {

  /** A listed file: its URI as Hadoop qualifies it, and its class. */
  record ListedFile(String uri, int label) implements java.io.Serializable {}

  /**
   * Lists {@code dir}: {@code dir/train} and {@code dir/test} if both are folders, else {@code
   * dir} split 90/10 per class by {@code seed}.
   *
   * @param source names the data in errors, as {@code "folder:hdfs://nn/data"}
   * @throws DataSourceException in one line if the folder is missing, has no class folders, or a
   *     class has no training images
   */
  static FolderListing of(String dir, long seed, Configuration hadoop, String source)
      throws DataSourceException {
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(hadoop);
      requireDirectory(fs, root, source);
      Path trainDir = new Path(root, "train");
      Path testDir = new Path(root, "test");
      Map<String, List<String>> train;
      Map<String, List<String>> test;
      if (fs.isDirectory(trainDir) && fs.isDirectory(testDir)) {
        train = classFolders(fs, trainDir, source);
        test = classFolders(fs, testDir, source);
        for (String name : test.keySet()) {
          if (!train.containsKey(name)) {
            throw new DataSourceException(source + ": " + new Path(testDir, name)
                + " is a class with no folder in " + trainDir + "; add "
                + new Path(trainDir, name) + " or remove it");
          }
        }
      } else {
        train = classFolders(fs, root, source);
        test = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : train.entrySet()) {
          ClassSplit<String> split = ClassSplit.of(entry.getKey(), entry.getValue(), seed);
          test.put(entry.getKey(), split.test());
          entry.setValue(split.train());
        }
      }
      for (Map.Entry<String, List<String>> entry : train.entrySet()) {
        if (entry.getValue().isEmpty()) {
          throw new DataSourceException(source + ": class " + entry.getKey()
              + " has no training images; add some or remove its folder");
        }
      }
      List<String> classNames = List.copyOf(train.keySet());
      return new FolderListing(classNames, labelled(train, classNames),
          labelled(test, classNames));
    } catch (DataSourceException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new DataSourceException(source + ": cannot list " + dir + " (" + e.getMessage()
          + ")", e);
    }
  }

  /**
   * Checks that {@code dir} is a directory of {@code fs}.
   *
   * @throws DataSourceException in one line naming {@code source} and the fix if it is not
   */
  static void requireDirectory(FileSystem fs, Path dir, String source)
      throws IOException, DataSourceException {
    if (!fs.isDirectory(dir)) {
      throw new DataSourceException("data source \"" + source + "\": no directory " + dir
          + "; give a folder every node can read (a shared path, file:// or hdfs://)");
    }
  }

  // Sorted class folders, each with its sorted files; hidden entries (".DS_Store") are skipped.
  private static Map<String, List<String>> classFolders(FileSystem fs, Path dir, String source)
      throws IOException, DataSourceException {
    Map<String, List<String>> classes = new LinkedHashMap<>();
    for (FileStatus folder : sorted(fs, dir)) {
      if (folder.isDirectory()) {
        List<String> files = new ArrayList<>();
        for (FileStatus file : sorted(fs, folder.getPath())) {
          if (file.isFile()) {
            files.add(file.getPath().toString());
          }
        }
        classes.put(folder.getPath().getName(), files);
      }
    }
    if (classes.isEmpty()) {
      throw new DataSourceException(source + ": " + dir + " has no class folders; put each"
          + " class's images in a sub-folder named after it");
    }
    return classes;
  }

  private static List<FileStatus> sorted(FileSystem fs, Path dir) throws IOException {
    return Arrays.stream(fs.listStatus(dir))
        .filter(status -> !isHidden(status.getPath().getName()))
        .sorted(Comparator.comparing(status -> status.getPath().getName()))
        .toList();
  }

  /**
   * Names Spark's file readers skip, and so do we: hidden files, and Hadoop's {@code _SUCCESS}
   * and the like.
   */
  private static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  private static List<ListedFile> labelled(Map<String, List<String>> classes,
      List<String> classNames) {
    List<ListedFile> files = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : classes.entrySet()) {
      int label = classNames.indexOf(entry.getKey());
      for (String uri : entry.getValue()) {
        files.add(new ListedFile(uri, label));
      }
    }
    return files;
  }
}
