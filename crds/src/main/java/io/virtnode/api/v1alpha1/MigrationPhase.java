package io.virtnode.api.v1alpha1;

/**
 * Phase of a VirtualMachineMigration, owned by the controller. The legal transitions are data in the
 * controller (MigrationTransitions); Succeeded, Failed and Cancelled are terminal.
 */
public enum MigrationPhase {
  /** Accepted, waiting for a slot under the cluster and per-node limits. */
  Pending,
  /** Choosing (or checking) the target node. */
  Scheduling,
  /** The target agent claims resources and starts QEMU in incoming mode. */
  TargetPreparing,
  /** The target listens at a published address; the source may start. */
  TargetReady,
  /** Disks are mirrored and RAM is copied. */
  Transferring,
  /** The source is paused before switchover; the target takes over. */
  Switchover,
  /** The VM runs on the target; the source has released its resources. */
  Succeeded,
  /** A failure before the handoff: the target is torn down, the source keeps running. */
  Aborting,
  /** Ended without moving the VM; the reason is in status. */
  Failed,
  /** Cancelled by the user: the target is torn down, the source keeps running. */
  Cancelling,
  /** Ended without moving the VM, as the user asked. */
  Cancelled;

  /** True for phases no migration leaves. */
  public boolean terminal() {
    return this == Succeeded || this == Failed || this == Cancelled;
  }
}
