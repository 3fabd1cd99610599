package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.api.model.Node;
import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.MigrationEndpoint;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationSpec;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one decision about a migration reads: the migration, its VM (null when missing), the number of
 * passthrough host devices the VM has, the cluster's nodes and how many VMs each holds, every migration in the
 * cluster, and now.
 */
public record Observed(VirtualMachineMigration migration, VirtualMachine vm, int hostDevices, List<Node> nodes,
    Map<String, Long> vmsPerNode, List<VirtualMachineMigration> migrations, Instant now) {

  public VirtualMachineMigrationSpec spec() { return migration.getSpec(); }

  public VirtualMachineMigrationStatus status() {
    return migration.getStatus() == null ? new VirtualMachineMigrationStatus() : migration.getStatus();
  }

  /** The recorded phase; a migration without one is Pending. */
  public MigrationPhase phase() {
    return status().phase == null ? MigrationPhase.Pending : status().phase;
  }

  public MigrationDirective directive() {
    return status().directive == null ? new MigrationDirective() : status().directive;
  }

  public MigrationEndpoint source() { return status().source; }

  public MigrationEndpoint target() { return status().target; }

  /** When the recorded phase was entered (now when not recorded). */
  public Instant enteredPhase() { return Times.entered(status().phaseTimes, phase()).orElse(now); }

  public boolean cancelRequested() { return Boolean.TRUE.equals(spec().cancel); }
}
