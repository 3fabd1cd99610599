package io.virtnode.reconcile.migration;

import static io.virtnode.reconcile.migration.Fixtures.T0;
import static io.virtnode.reconcile.migration.Fixtures.migration;
import static io.virtnode.reconcile.migration.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import io.virtnode.reconcile.vm.Failure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationValidatorTest {
  private static Optional<Failure> check(VirtualMachineMigration m, VirtualMachine vm, int hostDevices,
      List<Node> nodes, List<VirtualMachineMigration> all) {
    return MigrationValidator.refusal(new Observed(m, vm, hostDevices, nodes, Map.of(), all, T0));
  }

  private static Optional<Failure> check(VirtualMachineMigration m, VirtualMachine vm) {
    return check(m, vm, 0, Fixtures.nodes(), List.of(m));
  }

  @Test void aRunningVmWithAFreeTargetPasses() {
    assertThat(check(migration("m"), vm("vm1", "node-a", "Running"))).isEmpty();
  }

  @Test void aPausedVmMayMigrate() {
    assertThat(check(migration("m"), vm("vm1", "node-a", "Paused"))).isEmpty();
  }

  @Test void anUnknownVmIsRefusedNamingItAndTheNamespace() {
    Failure f = check(migration("m"), null).orElseThrow();
    assertThat(f.reason()).isEqualTo("VmNotFound");
    assertThat(f.message()).contains("vm1", "default", "spec.vmName");
  }

  @Test void aStoppedOrUnplacedVmIsRefused() {
    assertThat(check(migration("m"), vm("vm1", "node-a", "Stopped"))).get().extracting(Failure::reason)
        .isEqualTo("VmNotRunning");
    Failure f = check(migration("m"), vm("vm1", null, null)).orElseThrow();
    assertThat(f.reason()).isEqualTo("VmNotRunning");
    assertThat(f.message()).contains("not placed");
  }

  @Test void theSourceAsTargetIsRefused() {
    VirtualMachineMigration m = migration("m");
    m.getSpec().targetNode = "node-a";
    Failure f = check(m, vm("vm1", "node-a", "Running")).orElseThrow();
    assertThat(f.reason()).isEqualTo("SameNode");
    assertThat(f.message()).contains("node-a");
  }

  @Test void aMissingCordonedOrNotReadyTargetIsRefused() {
    for (String target : List.of("node-z", "node-c", "node-d")) {
      VirtualMachineMigration m = migration("m");
      m.getSpec().targetNode = target;
      List<Node> nodes = List.of(Fixtures.node("node-a"), Fixtures.cordoned("node-c"), Fixtures.notReady("node-d"));
      Failure f = check(m, vm("vm1", "node-a", "Running"), 0, nodes, List.of(m)).orElseThrow();
      assertThat(f.reason()).as(target).isEqualTo("TargetUnschedulable");
      assertThat(f.message()).contains(target);
    }
  }

  @Test void aVmPinnedToItsNodeOrAnotherThanTheTargetIsRefused() {
    VirtualMachine pinnedHere = vm("vm1", "node-a", "Running");
    pinnedHere.getSpec().nodeName = "node-a";
    assertThat(check(migration("m"), pinnedHere)).get().extracting(Failure::reason).isEqualTo("PinnedToNode");
    VirtualMachine pinnedElsewhere = vm("vm1", "node-a", "Running");
    pinnedElsewhere.getSpec().nodeName = "node-c";
    VirtualMachineMigration m = migration("m");
    m.getSpec().targetNode = "node-b";
    assertThat(check(m, pinnedElsewhere)).get().extracting(Failure::message).asString().contains("spec.nodeName");
    m.getSpec().targetNode = "node-c";
    assertThat(check(m, pinnedElsewhere)).isEmpty();
  }

  @Test void passthroughHostDevicesAreRefused() {
    VirtualMachineMigration m = migration("m");
    Failure f = check(m, vm("vm1", "node-a", "Running"), 2, Fixtures.nodes(), List.of(m)).orElseThrow();
    assertThat(f.reason()).isEqualTo("HostDevicesAttached");
    assertThat(f.message()).contains("2");
  }

  @Test void aSecondActiveMigrationOfTheVmIsRefusedAndTheFirstIsNot() {
    VirtualMachineMigration first = migration("first", "vm1", "2026-01-01T00:00:00Z");
    VirtualMachineMigration second = migration("second", "vm1", "2026-01-01T00:00:05Z");
    List<VirtualMachineMigration> all = List.of(first, second);
    VirtualMachine vm = vm("vm1", "node-a", "Running");
    Failure f = check(second, vm, 0, Fixtures.nodes(), all).orElseThrow();
    assertThat(f.reason()).isEqualTo("AlreadyMigrating");
    assertThat(f.message()).contains("first");
    assertThat(check(first, vm, 0, Fixtures.nodes(), all)).isEmpty();
  }

  @Test void anEndedMigrationOfTheVmOrOneInAnotherNamespaceDoesNotBlock() {
    VirtualMachineMigration done = migration("done", "vm1", "2026-01-01T00:00:00Z");
    done.setStatus(new VirtualMachineMigrationStatus());
    done.getStatus().phase = MigrationPhase.Failed;
    VirtualMachineMigration other = migration("other", "vm1", "2026-01-01T00:00:00Z");
    other.getMetadata().setNamespace("team-b");
    VirtualMachineMigration m = migration("m", "vm1", "2026-01-01T00:00:09Z");
    assertThat(check(m, vm("vm1", "node-a", "Running"), 0, Fixtures.nodes(), List.of(done, other, m))).isEmpty();
  }
}
