package io.virtnode.reconcile.migration;

import static io.virtnode.reconcile.migration.Fixtures.T0;
import static io.virtnode.reconcile.migration.Fixtures.side;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.MigrationEscalation;
import io.virtnode.api.v1alpha1.MigrationPhase;
import io.virtnode.api.v1alpha1.MigrationProgressStatus;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transfer's clocks: stall escalation step by step and the completion timeout, with a fake clock. */
class TransferringHandlerTest {
  VirtualMachineMigration m;
  ControllerSim sim;

  @BeforeEach void transferring() {
    m = Fixtures.inPhase("m", MigrationPhase.Transferring);
    m.getSpec().progressTimeoutSeconds = 10;
    m.getSpec().completionTimeoutPerGiBSeconds = 1000;
    m.getSpec().downtimeLimitMilliseconds = 1000;
    m.getSpec().allowAutoConverge = true;
    m.getStatus().source = side("node-a", AgentState.SENDING);
    sim = new ControllerSim(m, Fixtures.vm("vm1", "node-a", "Running"));
  }

  private void remaining(long bytes) {
    m.getStatus().progress = new MigrationProgressStatus();
    m.getStatus().progress.bytesTotal = 64L << 20;
    m.getStatus().progress.bytesRemaining = bytes;
  }

  private static Instant at(long seconds) { return T0.plusSeconds(seconds); }

  @Test void progressReachingNewLowsNeverEscalates() {
    for (int i = 0; i < 10; i++) {
      remaining(1000 - i * 50);
      assertThat(sim.step(at(i * 9L))).isEqualTo(MigrationPhase.Transferring);
    }
    assertThat(m.getStatus().escalations).isNull();
    assertThat(m.getStatus().watch.lowestBytesRemaining).isEqualTo(550);
  }

  @Test void aStallRaisesTheDowntimeThenAutoConvergesThenAborts() {
    remaining(1000);
    sim.step(at(0));
    remaining(1200); // dirtied faster than sent: no new low
    sim.step(at(9));
    assertThat(m.getStatus().escalations).isNull();
    sim.step(at(10));
    assertThat(m.getStatus().escalations).extracting(e -> e.action).containsExactly("RaiseDowntime");
    assertThat(m.getStatus().directive.downtimeLimitMilliseconds).isEqualTo(600);
    sim.step(at(15));
    assertThat(m.getStatus().escalations).as("the step gets its own timeout").hasSize(1);
    sim.step(at(20));
    assertThat(m.getStatus().directive.downtimeLimitMilliseconds).isEqualTo(1000);
    sim.step(at(30));
    assertThat(m.getStatus().directive.autoConverge).isTrue();
    assertThat(sim.step(at(40))).isEqualTo(MigrationPhase.Aborting);
    assertThat(m.getStatus().escalations).extracting(e -> e.action)
        .containsExactly("RaiseDowntime", "RaiseDowntime", "AutoConverge", "Abort");
    assertThat(m.getStatus().escalations).extracting(e -> e.time)
        .containsExactly(at(10).toString(), at(20).toString(), at(30).toString(), at(40).toString());
    assertThat(m.getStatus().failure.reason).isEqualTo("ProgressStalled");
    assertThat(m.getStatus().failure.phase).isEqualTo(MigrationPhase.Transferring);
  }

  @Test void aNewLowAfterAnEscalationRestartsTheWatch() {
    remaining(1000);
    sim.step(at(0));
    sim.step(at(10));
    assertThat(m.getStatus().escalations).hasSize(1);
    remaining(900);
    sim.step(at(19));
    sim.step(at(28));
    assertThat(m.getStatus().escalations).hasSize(1);
    sim.step(at(29));
    assertThat(m.getStatus().escalations).hasSize(2);
  }

  @Test void postCopyEndsTheLadderWithoutAbort() {
    m.getSpec().allowPostCopy = true;
    m.getSpec().allowAutoConverge = false;
    m.getSpec().downtimeLimitMilliseconds = 300;
    remaining(1000);
    sim.step(at(0));
    sim.step(at(10));
    assertThat(m.getStatus().directive.postCopy).isTrue();
    for (int t = 20; t < 100; t += 10) assertThat(sim.step(at(t))).isEqualTo(MigrationPhase.Transferring);
    assertThat(m.getStatus().escalations).extracting(e -> e.action).containsExactly("PostCopy");
  }

  @Test void theCompletionTimeoutCountsFromTheTransfersStartPerGiB() {
    m.getSpec().completionTimeoutPerGiBSeconds = 20;
    m.getSpec().progressTimeoutSeconds = 100000;
    remaining(1000);
    m.getStatus().progress.bytesTotal = 2L << 30; // 2 GiB of memory: 40 s
    for (int t = 0; t < 40; t += 5) {
      remaining(1000 - t);
      m.getStatus().progress.bytesTotal = 2L << 30;
      assertThat(sim.step(at(t))).isEqualTo(MigrationPhase.Transferring);
    }
    assertThat(sim.step(at(40))).isEqualTo(MigrationPhase.Aborting);
    assertThat(m.getStatus().failure.reason).isEqualTo("CompletionTimeout");
    assertThat(m.getStatus().failure.message).contains("40 s", "completionTimeoutPerGiBSeconds");
  }

  @Test void copiedDisksCountTowardsTheBudgetAndSharedOnesDoNot() {
    m.getSpec().completionTimeoutPerGiBSeconds = 10;
    remaining(0);
    var disk = new io.virtnode.api.v1alpha1.MigrationDiskProgress();
    disk.name = "root";
    disk.bytesTotal = 3L << 30;
    m.getStatus().progress.bytesTotal = 1L << 30;
    m.getStatus().progress.disks = java.util.List.of(disk);
    assertThat(CompletionBudget.of(m.getSpec(), null, m.getStatus().progress).toSeconds()).isEqualTo(10);
    m.getSpec().storage = io.virtnode.api.v1alpha1.MigrationStorage.CopyAll;
    assertThat(CompletionBudget.of(m.getSpec(), null, m.getStatus().progress).toSeconds()).isEqualTo(40);
  }

  @Test void aTinyGuestGetsOneGiBsWorth() {
    assertThat(CompletionBudget.of(m.getSpec(), Fixtures.vm("vm1", "node-a", "Running"), null).toSeconds())
        .isEqualTo(1000);
  }

  @Test void theSourcePausedBeforeSwitchoverMovesOn() {
    m.getStatus().source = side("node-a", AgentState.PAUSED_FOR_SWITCHOVER);
    assertThat(sim.step(at(1))).isEqualTo(MigrationPhase.Switchover);
    assertThat(m.getStatus().phaseTimes).extracting(t -> t.phase).endsWith(MigrationPhase.Switchover);
  }

  @Test void anEscalationRecordSaysWhatChanged() {
    remaining(1000);
    sim.step(at(0));
    sim.step(at(10));
    MigrationEscalation e = m.getStatus().escalations.get(0);
    assertThat(e.detail).isEqualTo("downtime limit 300 ms -> 600 ms");
  }
}
