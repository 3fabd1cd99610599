package io.virtnode.reconcile.migration;

/** How many migrations may run at once in the cluster and out of one node. */
public record MigrationLimits(int parallelPerCluster, int outboundPerNode) {
  public static final MigrationLimits DEFAULTS = new MigrationLimits(5, 2);

  public MigrationLimits {
    if (parallelPerCluster < 1 || outboundPerNode < 1) {
      throw new IllegalArgumentException("migration limits must be at least 1: " + parallelPerCluster + ", "
          + outboundPerNode);
    }
  }
}
