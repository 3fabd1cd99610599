package io.virtnode.reconcile.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.state.JobBusyException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.storage.StorageCheck;
import io.virtnode.node.vm.StartMode;
import io.virtnode.node.vm.VmBusyException;
import io.virtnode.node.vm.VmIdentity;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agent's VM reconciler against a fake host: named steps, errors to status, identity conflicts. */
class VirtualMachineReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final FakeHost host = new FakeHost();
  private final List<VirtualMachineStatus> written = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private List<StorageCheck.Problem> storageProblems = List.of();

  private final VirtualMachineReconciler reconciler = new VirtualMachineReconciler(host, host, host,
      (owner, spec, toCreate) -> storageProblems, Duration.ofSeconds(5), (vm, status) -> {
        written.add(status);
        vm.setStatus(status);
      }, new VmEventSink() {
        @Override public void transition(VirtualMachine vm, VirtualMachineStatus old, VirtualMachineStatus now) {
          events.add("transition " + now.state);
        }

        @Override public void deleted(VirtualMachine vm, List<String> files) { events.add("deleted"); }
      }, Clock.fixed(NOW, ZoneOffset.UTC));

  private static VirtualMachine vm(String name, String uid, VmState state) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withUid(uid).withGeneration(1L)
        .build());
    vm.setSpec(new VirtualMachineSpec());
    vm.getSpec().memory = "64Mi";
    vm.getSpec().state = state;
    return vm;
  }

  private static Condition condition(VirtualMachineStatus s, String type) {
    return s.conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow(
        () -> new AssertionError("no condition " + type + " in " + s.conditions));
  }

  @Test void aStoppedVmIsStartedInRunModeAndReportedReady() throws Exception {
    var vm = vm("a", "u1", VmState.Running);

    reconciler.reconcile(vm, null);

    assertThat(host.calls).containsExactly("start Run");
    VirtualMachineStatus s = written.get(written.size() - 1);
    assertThat(s.state).isEqualTo("Running");
    assertThat(condition(s, "Ready").status).isEqualTo("True");
    assertThat(s.nodeName).as("the controller's field").isNull();
  }

  @Test void aVmAskedPausedStartsPausedAndTheStartNeverResumesIt() throws Exception {
    reconciler.reconcile(vm("p", "u1", VmState.Paused), null);

    assertThat(host.lastStart.mode()).isEqualTo(StartMode.Paused);
    assertThat(host.calls).containsExactly("start Paused");
    assertThat(written.get(0).state).isEqualTo("Paused");
  }

  @Test void pauseAndResumeFollowTheSpec() throws Exception {
    host.runState = "running";
    reconciler.reconcile(vm("a", "u1", VmState.Paused), null);
    host.runState = "paused";
    reconciler.reconcile(vm("a", "u1", VmState.Running), null);
    assertThat(host.calls).containsExactly("pause", "resume");
  }

  @Test void storageProblemsAreReportedAndNothingStarts() throws Exception {
    storageProblems = List.of(new StorageCheck.Problem("DiskMissing", "copy the image to /x"));

    var control = reconciler.reconcile(vm("a", "u1", VmState.Running), null);

    assertThat(host.calls).isEmpty();
    assertThat(condition(written.get(0), "Failed").reason).isEqualTo("DiskMissing");
    assertThat(control.getScheduleDelay()).contains(Converger.STORAGE_RECHECK.toMillis());
  }

  @Test void aVmWhoseUidIsRecordedForAnotherVmGetsIdentityConflictAndNothingIsTouched() throws Exception {
    host.recordedOwner = new VmIdentity("u1", "default", "a");
    host.runState = "running"; // A's QEMU runs

    var control = reconciler.reconcile(vm("b", "u1", VmState.Running), null);

    assertThat(host.calls).as("no start, stop, pause or adoption").isEmpty();
    VirtualMachineStatus s = written.get(0);
    assertThat(condition(s, "IdentityConflict").status).isEqualTo("True");
    assertThat(condition(s, "Ready").status).isEqualTo("False");
    assertThat(condition(s, "Ready").reason).isEqualTo("IdentityConflict");
    assertThat(condition(s, "Ready").message).contains("default/a");
    assertThat(s.pid).as("A's pid is never shown for B").isNull();
    assertThat(control.getScheduleDelay()).isPresent();
  }

  @Test void deletingAVmInIdentityConflictReleasesOnlyItsFinalizer() throws Exception {
    host.recordedOwner = new VmIdentity("u1", "default", "a");
    host.runState = "running";

    var control = reconciler.cleanup(vm("b", "u1", VmState.Running), null);

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(host.calls).as("A's QEMU is neither stopped nor forgotten").isEmpty();
    assertThat(host.runState).isEqualTo("running");
  }

  @Test void deletingStopsThenForgets() throws Exception {
    host.runState = "running";
    var control = reconciler.cleanup(vm("a", "u1", VmState.Running), null);
    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(host.calls).containsExactly("stop", "forget");
    assertThat(events).contains("deleted");
  }

  @Test void aBusyVmSaysWhichJobHoldsItAndIsLookedAtAgain() throws Exception {
    host.runState = "running";
    host.nextFailure = new VmBusyException(new JobBusyException("default/a", JobKind.Stop, JobKind.Hotplug, NOW));

    var control = reconciler.reconcile(vm("a", "u1", VmState.Paused), null);

    Condition failed = condition(written.get(0), "Failed");
    assertThat(failed.reason).isEqualTo("Busy");
    assertThat(failed.message).startsWith("busy: Hotplug since 2026-01-01T00:00:00Z");
    assertThat(control.getScheduleDelay()).contains(Converger.BUSY_RECHECK.toMillis());
  }

  @Test void anExceptionOutOfReconcileBecomesAnAgentErrorCondition() {
    var vm = vm("a", "u1", VmState.Running);

    var control = reconciler.updateErrorStatus(vm, context(2, false), new java.io.IOException("disk full"));

    assertThat(control.isNoRetry()).isFalse();
    Condition ready = condition(written.get(0), "Ready");
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo("AgentError");
    assertThat(ready.message).contains("disk full").contains("attempt 2");
    assertThat(condition(written.get(0), "Failed").reason).isEqualTo("AgentError");
  }

  @Test void theLastRetrySaysRetriesExhausted() {
    reconciler.updateErrorStatus(vm("a", "u1", VmState.Running), context(6, true), new IllegalStateException("x"));

    assertThat(condition(written.get(0), "Ready").reason).isEqualTo("RetriesExhausted");
    assertThat(condition(written.get(0), "Failed").message).contains("gave up after 6 attempts");
  }

  @Test void anUnchangedStatusIsNotWrittenAgain() throws Exception {
    var vm = vm("a", "u1", VmState.Running);
    reconciler.reconcile(vm, null);
    int writes = written.size();
    reconciler.reconcile(vm, null);
    assertThat(written).hasSize(writes);
  }

  @SuppressWarnings("unchecked")
  private static Context<VirtualMachine> context(int attempt, boolean last) {
    RetryInfo info = new RetryInfo() {
      @Override public int getAttemptCount() { return attempt; }

      @Override public boolean isLastAttempt() { return last; }
    };
    return (Context<VirtualMachine>) Proxy.newProxyInstance(Context.class.getClassLoader(),
        new Class<?>[] {Context.class}, (p, m, a) -> {
          if (m.getName().equals("getRetryInfo")) return Optional.of(info);
          throw new UnsupportedOperationException(m.getName());
        });
  }
}
