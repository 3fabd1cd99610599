package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.node.vm.DiskError;
import io.virtnode.reconcile.status.Conditions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Disk I/O errors QEMU reported, as the DiskError condition; a guest QEMU paused on one says so in Paused. */
final class DiskErrors {
  /** Condition type naming the disks QEMU reported I/O errors for. */
  static final String DISK_ERROR = "DiskError";

  private DiskErrors() {}

  static List<Condition> apply(List<Condition> conditions, List<DiskError> errors, boolean pausedOnError,
      long generation, Instant now) {
    if (errors.isEmpty()) return Conditions.remove(conditions, DISK_ERROR);
    String what = errors.stream().map(e -> "disk " + e.disk() + ": " + e.operation() + " error: " + e.reason())
        .sorted().collect(Collectors.joining("; "));
    boolean stopped = errors.stream().anyMatch(DiskError::stoppedGuest);
    List<Condition> c = Conditions.set(conditions, new Condition(DISK_ERROR, "True", "IoError", what
        + (stopped ? "; QEMU paused the guest on it: fix the disk (e.g. free space), then resume the VM" : "")),
        generation, now);
    if (pausedOnError) {
      c = Conditions.set(c, new Condition("Paused", "True", "PausedOnIoError", "QEMU paused the guest on a disk"
          + " I/O error (paused-on-error): " + what), generation, now);
    }
    return c;
  }
}
