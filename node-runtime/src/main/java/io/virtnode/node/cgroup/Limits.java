package io.virtnode.node.cgroup;

/**
 * Resource limits for a VM's cgroup; null means "leave the kernel default".
 *
 * @param memoryBytes hard memory limit (v1 memory.limit_in_bytes, v2 memory.max)
 * @param cpuShares relative CPU weight (v1 cpu.shares; v2 cpu.weight converted like runc does)
 * @param cpuQuotaMicros CPU time per period (v1 cpu.cfs_quota_us, v2 cpu.max)
 * @param cpuPeriodMicros the period for the quota; 100000 when null and a quota is set
 * @param pidsMax maximum tasks (v1/v2 pids.max)
 */
public record Limits(Long memoryBytes, Long cpuShares, Long cpuQuotaMicros, Long cpuPeriodMicros, Long pidsMax) {
  public static final long DEFAULT_PERIOD_MICROS = 100_000;

  public Limits {
    positive("memoryBytes", memoryBytes);
    if (cpuShares != null && (cpuShares < 2 || cpuShares > 262_144)) {
      throw new IllegalArgumentException("cpuShares must be in 2..262144: " + cpuShares);
    }
    if (cpuQuotaMicros != null && cpuQuotaMicros < 1000) {
      throw new IllegalArgumentException("cpuQuotaMicros must be >= 1000: " + cpuQuotaMicros);
    }
    if (cpuPeriodMicros != null && (cpuPeriodMicros < 1000 || cpuPeriodMicros > 1_000_000)) {
      throw new IllegalArgumentException("cpuPeriodMicros must be in 1000..1000000: " + cpuPeriodMicros);
    }
    positive("pidsMax", pidsMax);
  }

  /** No limits at all. */
  public static Limits none() { return new Limits(null, null, null, null, null); }

  public static Limits memory(long bytes) { return new Limits(bytes, null, null, null, null); }

  public long periodOrDefault() { return cpuPeriodMicros != null ? cpuPeriodMicros : DEFAULT_PERIOD_MICROS; }

  /** cgroup v2 cpu.weight (1..10000) from v1 shares (2..262144), the conversion runc and crun use. */
  public long cpuWeight() { return 1 + ((cpuShares - 2) * 9999) / 262142; }

  private static void positive(String name, Long value) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
