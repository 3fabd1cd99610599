package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.MigrationProgressStatus;
import io.virtnode.api.v1alpha1.MigrationStorage;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationSpec;
import java.time.Duration;

/**
 * How long a transfer may take from its start: completionTimeoutPerGiBSeconds × (guest memory GiB + copied
 * disk GiB), never less than one GiB's worth so a tiny guest is not timed out by set-up costs.
 */
public final class CompletionBudget {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private CompletionBudget() {}

  public static Duration of(VirtualMachineMigrationSpec spec, VirtualMachine vm, MigrationProgressStatus progress) {
    int perGiB = spec.completionTimeoutPerGiBSeconds == null ? 150 : spec.completionTimeoutPerGiBSeconds;
    double gib = Math.max(1.0, (memoryBytes(vm, progress) + diskBytes(spec, progress)) / GIB);
    return Duration.ofMillis((long) Math.ceil(perGiB * gib * 1000));
  }

  static long memoryBytes(VirtualMachine vm, MigrationProgressStatus progress) {
    if (progress != null && progress.bytesTotal != null) return progress.bytesTotal;
    String q = vm == null || vm.getSpec() == null ? null : vm.getSpec().memory;
    if (q == null) return 0;
    long n = Long.parseLong(q.substring(0, q.length() - 2));
    return q.endsWith("Gi") ? n << 30 : n << 20;
  }

  private static long diskBytes(VirtualMachineMigrationSpec spec, MigrationProgressStatus progress) {
    if (spec.storage == MigrationStorage.Shared || progress == null || progress.disks == null) return 0;
    return progress.disks.stream().mapToLong(d -> d.bytesTotal == null ? 0 : d.bytesTotal).sum();
  }
}
