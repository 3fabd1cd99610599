package io.virtnode.reconcile.migration;

import static io.virtnode.reconcile.migration.Fixtures.T0;
import static io.virtnode.reconcile.migration.Fixtures.side;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.MigrationProgressStatus;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPatchTest {
  @Test void thePatchCarriesOnlyTheControllersFieldsThatChanged() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.TargetPreparing);
    m.getStatus().source = side("node-a", AgentState.PREPARING);
    m.getStatus().target = side("node-b", AgentState.LISTENING);
    m.getStatus().target.address = "10.0.0.2:4444";
    m.getStatus().progress = new MigrationProgressStatus();
    Observed o = Fixtures.observe(m, T0.plusSeconds(5));
    VirtualMachineMigrationStatus next = StatusPlanner.plan(o, new MigrationDecider(
        new PendingHandler(MigrationLimits.DEFAULTS, java.util.Map.of())).decide(o));
    ObjectNode patch = StatusPatch.diff(m.getStatus(), next).orElseThrow();
    List<String> fields = new ArrayList<>();
    patch.get("status").fieldNames().forEachRemaining(fields::add);
    assertThat(patch.size()).isEqualTo(1);
    assertThat(fields).contains("phase", "phaseTimes", "conditions", "observedGeneration")
        .doesNotContain("source", "target", "progress", "directive");
    assertThat(StatusPatch.OWNED).containsAll(fields);
    assertThat(patch.get("status").get("phase").asText()).isEqualTo("TargetReady");
  }

  @Test void nothingChangedMeansNoPatch() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.TargetPreparing);
    ControllerSim sim = new ControllerSim(m, Fixtures.vm("vm1", "node-a", "Running"));
    sim.step(T0.plusSeconds(1));
    Observed o = Fixtures.observe(m, T0.plusSeconds(2));
    VirtualMachineMigrationStatus next = StatusPlanner.plan(o, new MigrationDecider(
        new PendingHandler(MigrationLimits.DEFAULTS, java.util.Map.of())).decide(o));
    assertThat(StatusPatch.diff(m.getStatus(), next)).isEmpty();
  }

  @Test void aClearedFieldIsRemovedWithNull() {
    VirtualMachineMigrationStatus old = new VirtualMachineMigrationStatus();
    old.failure = new io.virtnode.api.v1alpha1.MigrationFailure();
    old.failure.reason = "X";
    VirtualMachineMigrationStatus next = new VirtualMachineMigrationStatus();
    ObjectNode patch = StatusPatch.diff(old, next).orElseThrow();
    assertThat(patch.get("status").get("failure").isNull()).isTrue();
  }
}
