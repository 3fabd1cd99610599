package io.virtnode.api.v1alpha1;

/** Kind of disk backing. */
public enum DiskType { File, Block }
