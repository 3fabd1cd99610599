package io.virtnode.node.files;

/** One VM's use of one file: who, as what, and by which path it was named. */
public record FileHold(FileOwner owner, FileRole role, String path) {}
