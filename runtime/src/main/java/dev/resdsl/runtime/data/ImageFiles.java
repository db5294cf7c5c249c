package dev.resdsl.runtime.data;

import dev.resdsl.runtime.Shape;
import java.nio.file.Path;
import java.util.List;

/** Reads individual image files for prediction, converted to a model's input. */
public final class ImageFiles {
  private ImageFiles() {}

  /**
   * The images of {@code files} in order, each converted to {@code modelInput} (resized
   * bilinearly; channels replicated or averaged), all labelled 0.
   *
   * @throws DataSourceException naming the first file that is missing or not a readable image
   */
  public static ImageDataset read(List<Path> files, Shape modelInput) throws DataSourceException {
    if (files.isEmpty()) {
      throw new DataSourceException("no image files given: name at least one PNG or JPEG file");
    }
    return ImageFolders.decode(files, new int[files.size()], List.of("unlabelled"),
        new ImageDecoder(modelInput, "images"), "images");
  }
}
