package io.virtnode.node.vm;

/** Block facts of one disk in bytes; null where unknown. */
public record DiskFacts(String name, Long capacity, Long allocation, Long physical) {}
