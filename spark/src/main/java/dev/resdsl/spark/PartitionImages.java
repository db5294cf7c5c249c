package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import dev.resdsl.runtime.data.ImageDataset;
import java.util.List;

/**
 * One partition's images, decoded on its executor and cached there, and the shapes it had to
 * convert to the model's input, which the driver names in one notice.
 *
 * @param images the partition's images, in the order of the driver's listing
 * @param converted the shapes it converted
 */
record PartitionImages(ImageDataset images, List<Shape> converted) {}
