package dev.resdsl.spark;

import dev.resdsl.runtime.data.Cifar10;
import dev.resdsl.runtime.data.DataSourceException;
import dev.resdsl.runtime.data.FashionMnist;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The driver's part of reading a data set of record files on a cluster, {@code fashion-mnist[:DIR]}
 * (four IDX files) or {@code cifar10:DIR} (binary batches): the files, found through Hadoop's file
 * systems as one machine finds them, and where each file's records start in its split's
 * numbering. No file is opened: a CIFAR-10 file's record count comes from its length.
 *
 * @param classNames the data set's classes
 * @param train the training files
 * @param test the test files
 * @param trainMismatch the error of training image and label files of different counts
 * @param testMismatch the same of the test files
 */
record RecordListing(List<String> classNames, List<RecordFile> train, List<RecordFile> test,
    String trainMismatch, String testMismatch) {

  /** What a file holds. */
  enum Kind {
    /** An IDX file of grey images, without labels. */
    IDX_IMAGES,
    /** An IDX file of labels, record {@code i} the label of image {@code i}. */
    IDX_LABELS,
    /** A CIFAR-10 batch: a label and an image a record. */
    CIFAR10
  }

  /**
   * A listed file.
   *
   * @param uri the file as Hadoop qualifies it
   * @param kind what it holds
   * @param first its first record's index among its split's records
   */
  record RecordFile(String uri, Kind kind, int first) implements Serializable {}

  /** Whether {@code source} names a data set of record files, which this reads. */
  static boolean reads(String source) {
    return source.equals("fashion-mnist") || source.startsWith("fashion-mnist:")
        || source.startsWith("cifar10:");
  }

  /**
   * Lists {@code source}'s files, {@code fashion-mnist} in Debian's folder on every node.
   *
   * @throws DataSourceException in one line if the folder or a file is missing, or a CIFAR-10
   *     file is not whole records
   */
  static RecordListing of(String source, Configuration hadoop) throws DataSourceException {
    boolean fashion = source.startsWith("fashion-mnist");
    int colon = source.indexOf(':');
    String dir = colon < 0 ? FashionMnist.DEFAULT_DIR.toString() : source.substring(colon + 1);
    if (dir.isEmpty()) {
      throw new DataSourceException("data source \"" + source + "\" has nothing after the colon;"
          + " give a folder every node can read (a shared path, file:// or hdfs://)");
    }
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(hadoop);
      FolderListing.requireDirectory(fs, root, source);
      if (!fashion && fs.isDirectory(new Path(root, Cifar10.BATCHES_FOLDER))) {
        root = new Path(root, Cifar10.BATCHES_FOLDER);
      }
      Map<String, FileStatus> files = new HashMap<>();
      for (FileStatus status : fs.listStatus(root)) {
        if (status.isFile()) {
          files.put(status.getPath().getName(), status);
        }
      }
      return fashion ? fashionMnist(files, root, source) : cifar10(files, root, source);
    } catch (DataSourceException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new DataSourceException(source + ": cannot list " + dir + " (" + e.getMessage()
          + ")", e);
    }
  }

  private static RecordListing fashionMnist(Map<String, FileStatus> files, Path root,
      String source) throws DataSourceException {
    FashionMnist.FileNames names =
        FashionMnist.files(files::containsKey, root.toString(), source);
    String trainImages = uri(files, names.trainImages());
    String trainLabels = uri(files, names.trainLabels());
    String testImages = uri(files, names.testImages());
    String testLabels = uri(files, names.testLabels());
    return new RecordListing(FashionMnist.CLASS_NAMES,
        List.of(new RecordFile(trainImages, Kind.IDX_IMAGES, 0),
            new RecordFile(trainLabels, Kind.IDX_LABELS, 0)),
        List.of(new RecordFile(testImages, Kind.IDX_IMAGES, 0),
            new RecordFile(testLabels, Kind.IDX_LABELS, 0)),
        FashionMnist.mismatch(trainLabels, -1, trainImages, -1).getMessage(),
        FashionMnist.mismatch(testLabels, -1, testImages, -1).getMessage());
  }

  private static RecordListing cifar10(Map<String, FileStatus> files, Path root, String source)
      throws DataSourceException {
    Cifar10.FileNames names = Cifar10.files(files.keySet(), root.toString(), source);
    List<RecordFile> train = new ArrayList<>();
    long first = 0;
    for (String name : names.train()) {
      String uri = uri(files, name);
      train.add(new RecordFile(uri, Kind.CIFAR10, Math.toIntExact(first)));
      first += Cifar10.records(files.get(name).getLen(), uri);
    }
    String test = uri(files, names.test());
    Cifar10.records(files.get(names.test()).getLen(), test);
    // Every record carries its label: a CIFAR-10 split never lacks one.
    return new RecordListing(Cifar10.CLASS_NAMES, train,
        List.of(new RecordFile(test, Kind.CIFAR10, 0)), "", "");
  }

  private static String uri(Map<String, FileStatus> files, String name) {
    return files.get(name).getPath().toString();
  }
}
