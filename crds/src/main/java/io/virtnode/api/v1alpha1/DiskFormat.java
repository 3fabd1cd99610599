package io.virtnode.api.v1alpha1;

/** Disk image formats served. */
public enum DiskFormat { raw, qcow2 }
