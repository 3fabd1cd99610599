package io.virtnode.reconcile.migration;

import static io.virtnode.reconcile.migration.Fixtures.migration;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.MigrationDirective;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {
  private static final MigrationLimits LIMITS = new MigrationLimits(3, 2);

  private static VirtualMachineMigration m(String name, int second, MigrationPhase phase, String source) {
    VirtualMachineMigration m = migration(name, "vm-" + name, "2026-01-01T00:00:%02dZ".formatted(second));
    m.setStatus(new VirtualMachineMigrationStatus());
    m.getStatus().phase = phase;
    if (source != null) {
      m.getStatus().directive = new MigrationDirective();
      m.getStatus().directive.sourceNode = source;
    }
    return m;
  }

  @Test void aFreeClusterAdmits() {
    VirtualMachineMigration c = m("c", 1, MigrationPhase.Pending, "node-a");
    assertThat(AdmissionQueue.waitFor(c, "node-a", List.of(c), Map.of(), LIMITS)).isEmpty();
  }

  @Test void theOutboundLimitOfTheSourceNodeQueuesAndNamesIt() {
    List<VirtualMachineMigration> all = new ArrayList<>(List.of(m("r1", 1, MigrationPhase.Transferring, "node-a"),
        m("r2", 2, MigrationPhase.Scheduling, "node-a")));
    VirtualMachineMigration c = m("c", 3, MigrationPhase.Pending, "node-a");
    all.add(c);
    assertThat(AdmissionQueue.waitFor(c, "node-a", all, Map.of(), LIMITS)).get().asString()
        .contains("node-a", "outbound migrations per node", "2");
    VirtualMachineMigration other = m("o", 4, MigrationPhase.Pending, "node-b");
    all.add(other);
    assertThat(AdmissionQueue.waitFor(other, "node-b", all, Map.of(), LIMITS)).as("another node is not held back")
        .isEmpty();
  }

  @Test void theClusterLimitQueuesAndNamesIt() {
    List<VirtualMachineMigration> all = new ArrayList<>(List.of(m("r1", 1, MigrationPhase.Transferring, "node-a"),
        m("r2", 2, MigrationPhase.TargetReady, "node-b"), m("r3", 3, MigrationPhase.Switchover, "node-c")));
    VirtualMachineMigration c = m("c", 4, MigrationPhase.Pending, "node-d");
    all.add(c);
    assertThat(AdmissionQueue.waitFor(c, "node-d", all, Map.of(), LIMITS)).get().asString()
        .contains("parallel migrations per cluster", "3");
  }

  @Test void endedMigrationsFreeTheirSlots() {
    VirtualMachineMigration c = m("c", 4, MigrationPhase.Pending, "node-a");
    List<VirtualMachineMigration> all = List.of(m("a", 1, MigrationPhase.Succeeded, "node-a"),
        m("b", 2, MigrationPhase.Failed, "node-a"), m("x", 3, MigrationPhase.Cancelled, "node-a"), c);
    assertThat(AdmissionQueue.waitFor(c, "node-a", all, Map.of(), LIMITS)).isEmpty();
  }

  @Test void olderQueuedMigrationsGoFirst() {
    VirtualMachineMigration old1 = m("old1", 1, MigrationPhase.Pending, "node-a");
    VirtualMachineMigration old2 = m("old2", 2, MigrationPhase.Pending, "node-b");
    VirtualMachineMigration old3 = m("old3", 3, MigrationPhase.Pending, "node-c");
    VirtualMachineMigration young = m("young", 4, MigrationPhase.Pending, "node-d");
    List<VirtualMachineMigration> all = List.of(young, old3, old1, old2);
    assertThat(AdmissionQueue.waitFor(young, "node-d", all, Map.of(), LIMITS)).isPresent();
    assertThat(AdmissionQueue.waitFor(old3, "node-c", all, Map.of(), LIMITS)).isEmpty();
    assertThat(AdmissionQueue.waitFor(old1, "node-a", all, Map.of(), LIMITS)).isEmpty();
  }

  @Test void unvalidatedPendingMigrationsHoldNoSlot() {
    VirtualMachineMigration unchecked1 = m("u1", 1, MigrationPhase.Pending, null);
    VirtualMachineMigration unchecked2 = m("u2", 2, MigrationPhase.Pending, null);
    VirtualMachineMigration unchecked3 = m("u3", 3, MigrationPhase.Pending, null);
    VirtualMachineMigration c = m("c", 4, MigrationPhase.Pending, "node-a");
    assertThat(AdmissionQueue.waitFor(c, "node-a", List.of(unchecked1, unchecked2, unchecked3, c), Map.of(), LIMITS))
        .isEmpty();
  }

  @Test void anAdmissionTheCacheDoesNotShowYetHoldsItsSlot() {
    VirtualMachineMigration justAdmitted1 = m("j1", 1, MigrationPhase.Pending, null);
    VirtualMachineMigration justAdmitted2 = m("j2", 2, MigrationPhase.Pending, null);
    VirtualMachineMigration c = m("c", 4, MigrationPhase.Pending, "node-a");
    Map<String, String> admitted = Map.of("uid-j1", "node-a", "uid-j2", "node-a");
    assertThat(AdmissionQueue.waitFor(c, "node-a", List.of(justAdmitted1, justAdmitted2, c), admitted, LIMITS))
        .get().asString().contains("node-a");
  }
}
