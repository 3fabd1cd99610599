package io.virtnode.node.migration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One {@code query-migrate} reply, the fields progress reporting needs. Byte counts are QEMU's RAM figures;
 * {@code dirtySyncCount} counts passes over guest memory; times are milliseconds as QEMU reports them.
 */
public record MigrationSample(String status, long totalBytes, long transferredBytes, long remainingBytes,
    long dirtyPagesRate, long pageSize, double mbps, long dirtySyncCount, long expectedDowntimeMs,
    long setupTimeMs, long downtimeMs, long totalTimeMs, int cpuThrottlePercent) {

  /** Reads a query-migrate reply; absent fields (before setup, or after completion) read as 0. */
  public static MigrationSample of(JsonNode reply) {
    JsonNode ram = reply.path("ram");
    return new MigrationSample(reply.path("status").asText("none"), ram.path("total").asLong(),
        ram.path("transferred").asLong(), ram.path("remaining").asLong(), ram.path("dirty-pages-rate").asLong(),
        ram.path("page-size").asLong(4096), ram.path("mbps").asDouble(), ram.path("dirty-sync-count").asLong(),
        reply.path("expected-downtime").asLong(), reply.path("setup-time").asLong(), reply.path("downtime").asLong(),
        reply.path("total-time").asLong(), reply.path("cpu-throttle-percentage").asInt());
  }

  /** Guest memory dirtied per second, in bytes. */
  public long dirtyRateBytesPerSecond() {
    return dirtyPagesRate * pageSize;
  }

  /** Network throughput QEMU measured, in bytes per second. */
  public long throughputBytesPerSecond() {
    return (long) (mbps * 1_000_000 / 8);
  }

  public boolean completed() {
    return status.equals("completed");
  }
}
