package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationDiskProgress;
import io.virtnode.api.v1alpha1.MigrationProgressStatus;
import io.virtnode.api.v1alpha1.MigrationWatch;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress stall detection as the source's tracker defines it, kept in status so a restarted controller
 * goes on from it: a stall is no new low of the remaining bytes (RAM plus disks still to copy) within the
 * progress timeout. An escalation restarts the clock so the step gets its time to work.
 */
public final class StallWatch {
  /** The watch after a look at progress, and whether the transfer stalled. */
  public record Look(MigrationWatch watch, boolean stalled) {}

  private StallWatch() {}

  public static Look look(MigrationWatch current, MigrationProgressStatus progress, Instant since0, Instant now,
      Duration timeout) {
    Long remaining = remaining(progress);
    Long lowest = current == null ? null : current.lowestBytesRemaining;
    Instant since = current == null ? since0 : Times.parse(current.since).orElse(since0);
    if (remaining != null && (lowest == null || remaining < lowest)) {
      return new Look(watch(remaining, now), false);
    }
    boolean stalled = !Duration.between(since, now).minus(timeout).isNegative();
    return new Look(current == null ? watch(lowest, since) : current, stalled);
  }

  /** The watch restarted at now after an escalation, keeping the low. */
  public static MigrationWatch restarted(MigrationWatch w, Instant now) {
    return watch(w == null ? null : w.lowestBytesRemaining, now);
  }

  static Long remaining(MigrationProgressStatus p) {
    if (p == null) return null;
    Long ram = p.bytesRemaining;
    long disks = 0;
    boolean anyDisk = false;
    if (p.disks != null) {
      for (MigrationDiskProgress d : p.disks) {
        if (d.bytesTotal != null && d.bytesCopied != null) {
          disks += Math.max(0, d.bytesTotal - d.bytesCopied);
          anyDisk = true;
        }
      }
    }
    if (ram == null && !anyDisk) return null;
    return (ram == null ? 0 : ram) + disks;
  }

  private static MigrationWatch watch(Long lowest, Instant since) {
    MigrationWatch w = new MigrationWatch();
    w.lowestBytesRemaining = lowest;
    w.since = Times.format(since);
    return w;
  }
}
