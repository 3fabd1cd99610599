package io.virtnode.api.v1alpha1;

/** How a migration treats disks: all on shared storage, copy every node-local disk, or copy only top layers. */
public enum MigrationStorage { Shared, CopyAll, CopyTop }
