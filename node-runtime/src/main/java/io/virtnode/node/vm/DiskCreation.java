package io.virtnode.node.vm;

import java.nio.file.Path;

/** A blank image to make when, and only when, nothing exists at path. */
public record DiskCreation(Path path, String format, long bytes) {}
