package dev.resdsl.spark;

import java.io.Serializable;

/**
 * An image file as Spark read it on an executor, still encoded (a PNG's bytes are what crosses
 * the shuffle to its partition, not its pixels), with its place in the driver's listing.
 *
 * @param index the file's place in the driver's sorted listing, which orders a partition
 * @param label its class
 * @param uri where it was read, for errors
 * @param bytes the file's bytes
 */
record EncodedImage(int index, int label, String uri, byte[] bytes) implements Serializable {}
