package io.virtnode.node.migration;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns successive query-migrate samples of one migration into {@link MigrationProgress}: a percentage that
 * never runs backwards, a convergence figure per pass, and stall detection (no new low of the remaining
 * bytes within the progress timeout). Not thread-safe: one tracker per migration, fed by its poller.
 */
public final class ProgressTracker {
  private final Duration progressTimeout;
  private int percent;
  private long lowestRemaining = Long.MAX_VALUE;
  private Instant lowestAt;
  private long passes = -1;
  private long transferredAtPassStart;
  private Double convergence;

  public ProgressTracker(Duration progressTimeout) {
    this.progressTimeout = progressTimeout;
  }

  /** Folds in a sample taken at now and returns the progress to report. */
  public MigrationProgress update(MigrationSample s, Instant now) {
    if (lowestAt == null) lowestAt = now;
    if (s.dirtySyncCount() != passes) {
      if (passes >= 0) {
        long lastPass = s.transferredBytes() - transferredAtPassStart;
        if (lastPass > 0) convergence = (double) s.remainingBytes() / lastPass;
      }
      passes = s.dirtySyncCount();
      transferredAtPassStart = s.transferredBytes();
    }
    if (s.remainingBytes() < lowestRemaining) {
      lowestRemaining = s.remainingBytes();
      lowestAt = now;
    }
    int raw;
    if (s.completed()) {
      raw = 100;
    } else {
      long work = s.transferredBytes() + s.remainingBytes();
      raw = work == 0 ? 0 : (int) Math.min(99, 100 * s.transferredBytes() / work);
    }
    percent = Math.max(percent, raw);
    boolean stalled = !s.completed() && Duration.between(lowestAt, now).compareTo(progressTimeout) >= 0;
    return new MigrationProgress(s.totalBytes(), s.transferredBytes(), s.remainingBytes(),
        s.throughputBytesPerSecond(), s.dirtyRateBytesPerSecond(), Math.max(passes, 0), s.expectedDowntimeMs(),
        s.setupTimeMs(), s.downtimeMs(), percent, convergence, stalled);
  }
}
