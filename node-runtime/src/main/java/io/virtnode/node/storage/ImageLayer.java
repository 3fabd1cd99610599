package io.virtnode.node.storage;

/**
 * One layer of a disk image's backing chain, as qemu-img info reports it.
 *
 * @param actualSize bytes allocated on the host, -1 when qemu-img does not know
 * @param backingFilename the backing file as written in the image, null for the base layer
 * @param fullBackingFilename the backing file resolved to a full path, null for the base layer
 */
public record ImageLayer(String filename, String format, long virtualSize, long actualSize,
    String backingFilename, String fullBackingFilename) {}
