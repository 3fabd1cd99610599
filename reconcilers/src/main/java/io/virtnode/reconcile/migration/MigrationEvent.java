package io.virtnode.reconcile.migration;

/** What the controller learned about a migration, from its spec, the agents' status sections and its clocks. */
public enum MigrationEvent {
  /** Validation passed and a slot is free under the limits. */
  Admitted,
  /** Refused by validation (unknown VM, not running, pinned, passthrough devices, a second migration…). */
  Rejected,
  /** A target node is chosen (or the requested one checked). */
  TargetChosen,
  /** The target agent reports QEMU listening at a published address. */
  TargetListening,
  /** The source agent reports the disk mirrors and the RAM transfer started. */
  TransferStarted,
  /** The source agent reports QEMU paused in pre-switchover. */
  SwitchoverReached,
  /** The source reported completion and the target resumed the CPUs. */
  TargetResumed,
  /** The target failed after the source reported completion: nothing to abort to, the source never resumes. */
  HandoffFailed,
  /** An agent reported a failure, or a timeout or a stalled transfer ran out of escalations. */
  Failure,
  /** The user set spec.cancel. */
  CancelRequested,
  /** Both agents report the target torn down and the source running as before. */
  CleanedUp
}
