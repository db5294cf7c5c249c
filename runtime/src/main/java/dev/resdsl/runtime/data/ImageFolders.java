package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads a directory of images with one sub-folder per class (the layout of torchvision's {@code
 * ImageFolder}), either split already into {@code train/} and {@code test/} or split here, 90/10
 * per class with a seeded shuffle. Every image is converted to the model's input as it is read,
 * since a folder's images need not share one size.
 */
final class ImageFolders {
  private ImageFolders() {}

  /**
   * The images under {@code dir} as {@code target}-shaped images; class names are the sorted
   * sub-folder names.
   */
  static DataSplit read(Path dir, Shape target, long seed, String source, Consumer<String> notices)
      throws DataSourceException {
    Path trainDir = dir.resolve("train");
    Path testDir = dir.resolve("test");
    Map<String, List<Path>> train;
    Map<String, List<Path>> test;
    if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
      train = classFolders(trainDir, source);
      test = classFolders(testDir, source);
      for (String name : test.keySet()) {
        if (!train.containsKey(name)) {
          throw new DataSourceException(
              source
                  + ": "
                  + testDir.resolve(name)
                  + " is a class with no folder in "
                  + trainDir
                  + "; add "
                  + trainDir.resolve(name)
                  + " or remove it");
        }
      }
    } else {
      train = classFolders(dir, source);
      test = new LinkedHashMap<>();
      for (Map.Entry<String, List<Path>> entry : train.entrySet()) {
        ClassSplit<Path> split = ClassSplit.of(entry.getKey(), entry.getValue(), seed);
        test.put(entry.getKey(), split.test());
        entry.setValue(split.train());
      }
    }
    for (Map.Entry<String, List<Path>> entry : train.entrySet()) {
      if (entry.getValue().isEmpty()) {
        throw new DataSourceException(
            source
                + ": class "
                + entry.getKey()
                + " has no training images; add some or remove"
                + " its folder");
      }
    }
    List<String> classNames = List.copyOf(train.keySet());
    ImageDecoder decoder = new ImageDecoder(target, source);
    ImageDataset trainSet = decode(train, classNames, decoder, source);
    ImageDataset testSet = decode(test, classNames, decoder, source);
    if (!decoder.convertedShapes().isEmpty()) {
      notices.accept(ImageDecoder.notice(source, decoder.convertedShapes(), target));
    }
    return new DataSplit(trainSet, testSet);
  }

  // Sorted class folders, each with its sorted files; hidden entries (".DS_Store") are skipped.
  private static Map<String, List<Path>> classFolders(Path dir, String source)
      throws DataSourceException {
    Map<String, List<Path>> classes = new LinkedHashMap<>();
    try {
      for (Path folder : sortedEntries(dir)) {
        if (Files.isDirectory(folder)) {
          List<Path> files = new ArrayList<>();
          for (Path file : sortedEntries(folder)) {
            if (Files.isRegularFile(file)) {
              files.add(file);
            }
          }
          classes.put(folder.getFileName().toString(), files);
        }
      }
    } catch (IOException e) {
      throw new DataSourceException(source + ": cannot list " + dir + " (" + e + ")", e);
    }
    if (classes.isEmpty()) {
      throw new DataSourceException(
          source
              + ": "
              + dir
              + " has no class folders; put each class's images in a sub-folder"
              + " named after it");
    }
    return classes;
  }

  private static List<Path> sortedEntries(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(path -> !path.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static ImageDataset decode(
      Map<String, List<Path>> classes,
      List<String> classNames,
      ImageDecoder decoder,
      String source)
      throws DataSourceException {
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Map.Entry<String, List<Path>> entry : classes.entrySet()) {
      for (Path file : entry.getValue()) {
        files.add(file);
        labels.add(classNames.indexOf(entry.getKey()));
      }
    }
    return decode(files, labels.stream().mapToInt(Integer::intValue).toArray(), classNames,
        decoder, source);
  }

  /**
   * Decodes {@code files} with {@code decoder}, converting each image whose own shape differs;
   * the first unreadable file by list order is the error.
   */
  static ImageDataset decode(
      List<Path> files, int[] labels, List<String> classNames, ImageDecoder decoder, String source)
      throws DataSourceException {
    Shape target = decoder.target();
    byte[] pixels = new byte[ImageDataset.byteCount(target, files.size(), source)];
    int size = (int) target.size();
    // Decoded in parallel; the first failure by file order is reported, whatever thread saw it.
    DataSourceException[] failures = new DataSourceException[files.size()];
    IntStream.range(0, files.size())
        .parallel()
        .forEach(
            i -> {
              try {
                decoder.decode(files.get(i), pixels, i * size);
              } catch (DataSourceException e) {
                failures[i] = e;
              }
            });
    for (DataSourceException failure : failures) {
      if (failure != null) {
        throw failure;
      }
    }
    return ImageDataset.wrap(target, pixels, labels, classNames);
  }
}
