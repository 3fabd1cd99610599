package io.virtnode.reconcile.migration;

import static io.virtnode.reconcile.migration.Fixtures.T0;
import static io.virtnode.reconcile.migration.Fixtures.side;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.reconcile.status.Conditions;
import org.junit.jupiter.api.Test;

/** One handler at a time, from a recorded phase and the agents' sections, with a fake clock. */
class PhaseHandlersTest {
  private static ControllerSim sim(VirtualMachineMigration m) {
    m.getSpec().progressTimeoutSeconds = 30;
    return new ControllerSim(m, Fixtures.vm("vm1", "node-a", "Running"));
  }

  @Test void aValidPendingMigrationIsAdmittedWithItsSourceAndStartDowntime() {
    VirtualMachineMigration m = Fixtures.migration("m");
    m.getSpec().downtimeLimitMilliseconds = 2000;
    assertThat(sim(m).step(T0)).isEqualTo(MigrationPhase.Scheduling);
    assertThat(m.getStatus().directive.sourceNode).isEqualTo("node-a");
    assertThat(m.getStatus().directive.vmUid).isEqualTo("uid-vm-vm1");
    assertThat(m.getStatus().directive.downtimeLimitMilliseconds).isEqualTo(300);
    assertThat(m.getStatus().phaseTimes).extracting(t -> t.phase)
        .containsExactly(MigrationPhase.Pending, MigrationPhase.Scheduling);
    assertThat(m.getStatus().observedGeneration).isEqualTo(1L);
  }

  @Test void aRefusedMigrationFailsAtPendingWithTheReasonInFailureAndCondition() {
    VirtualMachineMigration m = Fixtures.migration("m");
    ControllerSim s = sim(m);
    s.vm = null;
    assertThat(s.step(T0)).isEqualTo(MigrationPhase.Failed);
    assertThat(m.getStatus().failure.reason).isEqualTo("VmNotFound");
    assertThat(m.getStatus().failure.phase).isEqualTo(MigrationPhase.Pending);
    var failed = Conditions.find(m.getStatus().conditions, "Failed").orElseThrow();
    assertThat(failed.status).isEqualTo("True");
    assertThat(failed.reason).isEqualTo("VmNotFound");
    assertThat(Conditions.find(m.getStatus().conditions, "Ready").orElseThrow().status).isEqualTo("False");
    assertThat(Conditions.find(m.getStatus().conditions, "Progressing").orElseThrow().status).isEqualTo("False");
  }

  @Test void aCancelWhilePendingEndsCancelledAtOnce() {
    VirtualMachineMigration m = Fixtures.migration("m");
    m.getSpec().cancel = true;
    assertThat(sim(m).step(T0)).isEqualTo(MigrationPhase.Cancelled);
  }

  @Test void schedulingNamesTheTargetInTheDirective() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Scheduling);
    m.getStatus().directive.targetNode = null;
    m.getSpec().targetNode = "node-c";
    assertThat(sim(m).step(T0)).isEqualTo(MigrationPhase.TargetPreparing);
    assertThat(m.getStatus().directive.targetNode).isEqualTo("node-c");
    assertThat(m.getStatus().directive.sourceNode).isEqualTo("node-a");
  }

  @Test void schedulingWithoutACandidateFails() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Scheduling);
    m.getSpec().targetNode = "node-z";
    assertThat(sim(m).step(T0)).isEqualTo(MigrationPhase.Failed);
    assertThat(m.getStatus().failure.reason).isEqualTo("TargetUnschedulable");
  }

  @Test void theTargetIsReadyOnlyWhenListeningAtAnAddress() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.TargetPreparing);
    ControllerSim s = sim(m);
    m.getStatus().target = side("node-b", AgentState.PREPARING);
    assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.TargetPreparing);
    m.getStatus().target = side("node-b", AgentState.LISTENING);
    assertThat(s.step(T0.plusSeconds(2))).as("no address yet").isEqualTo(MigrationPhase.TargetPreparing);
    m.getStatus().target.address = "10.0.0.2:49152";
    assertThat(s.step(T0.plusSeconds(3))).isEqualTo(MigrationPhase.TargetReady);
  }

  @Test void aTargetSilentForTheProgressTimeoutFails() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.TargetPreparing);
    ControllerSim s = sim(m);
    assertThat(s.step(T0.plusSeconds(29))).isEqualTo(MigrationPhase.TargetPreparing);
    assertThat(s.step(T0.plusSeconds(30))).isEqualTo(MigrationPhase.Aborting);
    assertThat(m.getStatus().failure.reason).isEqualTo("TargetNotReady");
    assertThat(m.getStatus().failure.message).contains("node-b");
  }

  @Test void theTransferStartsWhenTheSourceMirrorsOrSends() {
    for (String state : new String[] {AgentState.MIRRORING, AgentState.SENDING}) {
      VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.TargetReady);
      ControllerSim s = sim(m);
      m.getStatus().source = side("node-a", AgentState.PREPARING);
      assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.TargetReady);
      m.getStatus().source = side("node-a", state);
      assertThat(s.step(T0.plusSeconds(2))).isEqualTo(MigrationPhase.Transferring);
      assertThat(m.getStatus().watch.since).isEqualTo(T0.plusSeconds(2).toString());
    }
  }

  @Test void switchoverHandsTheVmOverOnCompletionAndSucceedsWhenTheTargetResumed() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Switchover);
    ControllerSim s = sim(m);
    m.getStatus().source = side("node-a", AgentState.PAUSED_FOR_SWITCHOVER);
    assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.Switchover);
    assertThat(s.last.handOver()).isFalse();
    m.getStatus().source = side("node-a", AgentState.COMPLETED);
    assertThat(s.step(T0.plusSeconds(2))).isEqualTo(MigrationPhase.Switchover);
    assertThat(s.last.handOver()).isTrue();
    m.getStatus().target = side("node-b", AgentState.RESUMED);
    assertThat(s.step(T0.plusSeconds(3))).isEqualTo(MigrationPhase.Succeeded);
    assertThat(s.last.handOver()).as("the handoff is repeated until it is seen through").isTrue();
    var ready = Conditions.find(m.getStatus().conditions, "Ready").orElseThrow();
    assertThat(ready.status).isEqualTo("True");
    assertThat(ready.message).contains("node-b");
  }

  @Test void afterTheSourceCompletedNeitherCancelNorAFailureAborts() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Switchover);
    ControllerSim s = sim(m);
    m.getStatus().source = side("node-a", AgentState.COMPLETED);
    m.getSpec().cancel = true;
    assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.Switchover);
    m.getStatus().target = side("node-b", AgentState.FAILED);
    m.getStatus().target.message = "QEMU exited";
    assertThat(s.step(T0.plusSeconds(2))).isEqualTo(MigrationPhase.Failed);
    assertThat(m.getStatus().failure.reason).isEqualTo("TargetFailedAfterHandoff");
    assertThat(m.getStatus().failure.message).contains("QEMU exited");
    assertThat(s.last.handOver()).isTrue();
  }

  @Test void beforeCompletionAFailureOfEitherSideAborts() {
    for (boolean sourceFails : new boolean[] {true, false}) {
      VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Transferring);
      ControllerSim s = sim(m);
      m.getStatus().source = side("node-a", sourceFails ? AgentState.FAILED : AgentState.SENDING);
      m.getStatus().target = side("node-b", sourceFails ? AgentState.LISTENING : AgentState.FAILED);
      (sourceFails ? m.getStatus().source : m.getStatus().target).message = "disk full";
      assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.Aborting);
      assertThat(m.getStatus().failure.reason).isEqualTo(sourceFails ? "SourceFailed" : "TargetFailed");
      assertThat(m.getStatus().failure.message).contains(sourceFails ? "node-a" : "node-b", "disk full");
    }
  }

  @Test void aCancelInFlightTearsDownThroughCancelling() {
    for (MigrationPhase p : new MigrationPhase[] {MigrationPhase.Scheduling, MigrationPhase.TargetPreparing,
        MigrationPhase.TargetReady, MigrationPhase.Transferring, MigrationPhase.Switchover}) {
      VirtualMachineMigration m = Fixtures.inPhase("m", p);
      m.getSpec().cancel = true;
      assertThat(sim(m).step(T0.plusSeconds(1))).as(p.name()).isEqualTo(MigrationPhase.Cancelling);
    }
  }

  @Test void theVmDeletedInFlightAborts() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.TargetReady);
    ControllerSim s = sim(m);
    s.vm = null;
    assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.Aborting);
    assertThat(m.getStatus().failure.reason).isEqualTo("VmNotFound");
  }

  @Test void aVmReplacedInFlightByOneOfTheSameNameAborts() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Transferring);
    ControllerSim s = sim(m);
    s.vm.getMetadata().setUid("uid-of-a-new-vm");
    assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.Aborting);
    assertThat(m.getStatus().failure.reason).isEqualTo("VmReplaced");
    assertThat(m.getStatus().failure.message).contains("uid-vm-vm1");
  }

  @Test void cleanupEndsWhenBothSidesCleanedUpOrNeverStarted() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Aborting);
    ControllerSim s = sim(m);
    m.getStatus().source = side("node-a", AgentState.SENDING);
    m.getStatus().target = side("node-b", AgentState.FAILED);
    assertThat(s.step(T0.plusSeconds(1))).isEqualTo(MigrationPhase.Aborting);
    m.getStatus().target = side("node-b", AgentState.CLEANED_UP);
    assertThat(s.step(T0.plusSeconds(2))).isEqualTo(MigrationPhase.Aborting);
    m.getStatus().source = side("node-a", AgentState.CLEANED_UP);
    assertThat(s.step(T0.plusSeconds(3))).isEqualTo(MigrationPhase.Failed);

    VirtualMachineMigration c = Fixtures.inPhase("c", MigrationPhase.Cancelling);
    assertThat(sim(c).step(T0.plusSeconds(1))).as("neither side started").isEqualTo(MigrationPhase.Cancelled);
    assertThat(c.getStatus().failure).isNull();
  }

  @Test void aSideThatNeverConfirmsCleanupIsGivenUpOnAndNamed() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Cancelling);
    ControllerSim s = sim(m);
    m.getStatus().target = side("node-b", AgentState.LISTENING);
    assertThat(s.step(T0.plusSeconds(29))).isEqualTo(MigrationPhase.Cancelling);
    assertThat(s.step(T0.plusSeconds(30))).isEqualTo(MigrationPhase.Cancelled);
    assertThat(m.getStatus().failure.reason).isEqualTo("CleanupUnconfirmed");
    assertThat(m.getStatus().failure.message).contains("target node node-b");
  }

  @Test void anAbortKeepsTheOriginalReasonAndPhaseThroughToFailed() {
    VirtualMachineMigration m = Fixtures.inPhase("m", MigrationPhase.Transferring);
    ControllerSim s = sim(m);
    m.getStatus().target = side("node-b", AgentState.FAILED);
    m.getStatus().target.message = "port taken";
    s.step(T0.plusSeconds(1));
    m.getStatus().target = side("node-b", AgentState.CLEANED_UP);
    assertThat(s.step(T0.plusSeconds(2))).isEqualTo(MigrationPhase.Failed);
    assertThat(m.getStatus().failure.reason).isEqualTo("TargetFailed");
    assertThat(m.getStatus().failure.phase).isEqualTo(MigrationPhase.Transferring);
    assertThat(Conditions.find(m.getStatus().conditions, "Failed").orElseThrow().message).contains("port taken");
  }

  @Test void aQueuedMigrationStaysPendingWithAQueuedReason() {
    VirtualMachineMigration running1 = Fixtures.inPhase("r1", MigrationPhase.Transferring);
    running1.getSpec().vmName = "vm-r1";
    VirtualMachineMigration running2 = Fixtures.inPhase("r2", MigrationPhase.TargetReady);
    running2.getSpec().vmName = "vm-r2";
    VirtualMachineMigration m = Fixtures.migration("m", "vm1", "2026-01-01T00:01:00Z");
    Observed o = new Observed(m, Fixtures.vm("vm1", "node-a", "Running"), 0, Fixtures.nodes(), java.util.Map.of(),
        java.util.List.of(running1, running2, m), T0);
    Decision d = new MigrationDecider(new PendingHandler(MigrationLimits.DEFAULTS, java.util.Map.of())).decide(o);
    var status = StatusPlanner.plan(o, d);
    assertThat(status.phase).isEqualTo(MigrationPhase.Pending);
    assertThat(status.directive.sourceNode).as("validated: holds its place in the queue").isEqualTo("node-a");
    var progressing = Conditions.find(status.conditions, "Progressing").orElseThrow();
    assertThat(progressing.status).isEqualTo("False");
    assertThat(progressing.reason).isEqualTo("Queued");
    assertThat(progressing.message).contains("node-a", "outbound migrations per node");
  }

  @Test void terminalPhasesDecideNothing() {
    for (MigrationPhase p : new MigrationPhase[] {MigrationPhase.Succeeded, MigrationPhase.Failed,
        MigrationPhase.Cancelled}) {
      VirtualMachineMigration m = Fixtures.inPhase("m", p);
      m.getSpec().cancel = true;
      ControllerSim s = sim(m);
      assertThat(s.step(T0.plusSeconds(99999))).isEqualTo(p);
      assertThat(s.last.event()).isNull();
    }
  }
}
