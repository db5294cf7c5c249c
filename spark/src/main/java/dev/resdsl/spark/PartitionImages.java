package dev.resdsl.spark;

import dev.resdsl.runtime.data.ImageDataset;
import java.util.List;

/**
 * One partition's images, decoded on its executor and cached there, and the shapes it had to
 * convert to the model's input, which the driver names in one notice.
 *
 * @param images the partition's images, in the order of the driver's listing
 * @param converted each converted shape as {@code {channels, height, width}}
 */
record PartitionImages(ImageDataset images, List<int[]> converted) {}
