package dev.resdsl.spark;

import dev.resdsl.runtime.Shape;
import java.io.Serializable;

/**
 * What a record file gives one record on its way to the record's partition: its image, its label
 * or both (an IDX data set keeps them in two files, which two tasks read).
 *
 * @param pixels the image's bytes, channels first, or null if this piece is a label alone
 * @param shape the image's shape, or null with no image
 * @param label the record's class, or -1 if this piece is an image alone
 */
record RecordPiece(byte[] pixels, Shape shape, int label) implements Serializable {}
