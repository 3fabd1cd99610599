package io.virtnode.node.migration;

/**
 * How a migration may use the network and the guest: bandwidth in bytes per second (0 = unlimited),
 * the downtime QEMU may aim for, and whether it may throttle the guest's CPUs or switch to post-copy.
 */
public record MigrationTuning(long bandwidthBytesPerSecond, long downtimeLimitMs, boolean autoConverge,
    boolean postCopy) {
  /** QEMU's own defaults: 128 MiB/s and 300 ms, no throttling, no post-copy. */
  public static final MigrationTuning DEFAULT = new MigrationTuning(128L << 20, 300, false, false);

  /** For save images: no bandwidth limit (the default one also slows writes to a file about 7×). */
  public static final MigrationTuning SAVE = new MigrationTuning(0, 300, false, false);
}
