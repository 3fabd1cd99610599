package io.virtnode.node.security;

/** Why labels are being given back; decides whether labels of shared storage may be reset. */
public enum RestorePolicy {
  /** The VM stopped on this node: give every file back once no VM here uses it. */
  NORMAL,
  /** This node was a migration target and the migration aborted: the source still runs on shared disks. */
  MIGRATION_ABORT,
  /** A restore from a saved image failed or was abandoned: shared storage may be in use elsewhere. */
  RESTORE_FROM_IMAGE;

  /** True when labels of shared storage must be left as they are (only this node's claim is dropped). */
  public boolean keepsSharedLabels() { return this != NORMAL; }
}
