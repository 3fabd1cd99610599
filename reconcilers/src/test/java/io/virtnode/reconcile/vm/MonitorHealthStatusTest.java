package io.virtnode.reconcile.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.state.StateWriteException;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.VmRuntime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status of a VM whose monitor stops answering and answers again, and of a state dir that cannot be written. */
class MonitorHealthStatusTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static VirtualMachine vm(VmState state, VirtualMachineStatus status) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("default").withGeneration(1L).build());
    vm.setSpec(new VirtualMachineSpec());
    vm.getSpec().memory = "64Mi";
    vm.getSpec().state = state;
    vm.setStatus(status);
    return vm;
  }

  private static Observation obs(String runState, boolean stopping) {
    return new Observation(runState, 42, stopping, null, "h", Map.of(), null);
  }

  private static VirtualMachineStatus build(VmState desired, VirtualMachineStatus old, Observation o) {
    return VmStatusBuilder.build(vm(desired, old), o, null, false, List.of(), NOW);
  }

  private static Condition cond(VirtualMachineStatus s, String type) {
    return s.conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
  }

  @Test void anUnresponsiveMonitorIsNotReadyNamingPidAndCommandAndIsNeitherRunningNorPaused() {
    var s = build(VmState.Running, null, obs(VmRuntime.MONITOR_UNRESPONSIVE, false));
    Condition ready = cond(s, "Ready");
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo("MonitorUnresponsive");
    assertThat(ready.message).contains("QEMU pid 42").contains("query-status").contains("set state Stopped");
    assertThat(s.state).isEqualTo("Unresponsive");
    assertThat(s.pid).isEqualTo(42);
    assertThat(cond(s, "Paused").status).isEqualTo("False");
  }

  @Test void aStopOfAnUnresponsiveVmShowsStopping() {
    var s = build(VmState.Stopped, null, obs(VmRuntime.MONITOR_UNRESPONSIVE, true));
    assertThat(s.state).isEqualTo("Stopping");
    assertThat(cond(s, "Ready").reason).isEqualTo("Stopping");
  }

  @Test void theMonitorAnsweringAgainRestoresTheStatusByItself() {
    var before = build(VmState.Running, null, obs("running", false));
    var hung = build(VmState.Running, before, obs(VmRuntime.MONITOR_UNRESPONSIVE, false));
    var after = build(VmState.Running, hung, obs("running", false));
    assertThat(cond(after, "Ready").reason).isEqualTo("Running");
    assertThat(after.state).isEqualTo("Running");
    assertThat(after.pid).isEqualTo(before.pid);
  }

  @Test void eventsTellTheMonitorStoppedAndStartedAnswering() {
    List<String> reasons = new java.util.ArrayList<>();
    VmEvents events = new VmEvents(null, "node-a", java.time.Clock.systemUTC()) {
      @Override void emit(VirtualMachine vm, String type, String reason, String message) { reasons.add(reason); }
    };
    var before = build(VmState.Running, null, obs("running", false));
    var hung = build(VmState.Running, before, obs(VmRuntime.MONITOR_UNRESPONSIVE, false));
    var after = build(VmState.Running, hung, obs("running", false));
    events.transition(vm(VmState.Running, before), before, hung);
    events.transition(vm(VmState.Running, hung), hung, hung);
    events.transition(vm(VmState.Running, hung), hung, after);
    assertThat(reasons).containsExactly("MonitorUnresponsive", "MonitorResponsive");
  }

  @Test void aStateWriteFailureIsFoundBehindWrappersAndBacksOffUpToAMaximum() {
    var cause = new StateWriteException("cannot write runtime state /s/vms/x.json: No space left on device", null);
    assertThat(StateFailures.cause(new RuntimeException(new IOException(cause)))).contains(cause);
    assertThat(StateFailures.cause(new IOException("other"))).isEmpty();
    Failure f = StateFailures.failure(cause);
    assertThat(f.reason()).isEqualTo("StateDirUnwritable");
    assertThat(f.message()).contains("No space left").contains("free space").contains("stateDir");

    assertThat(StateFailures.backoff(vm(VmState.Stopped, null), NOW)).isEqualTo(StateFailures.FIRST_RETRY);
    VirtualMachineStatus failing = ErrorReport.status(vm(VmState.Stopped, null), f, NOW);
    assertThat(StateFailures.backoff(vm(VmState.Stopped, failing), NOW.plusSeconds(1))).isEqualTo(Duration.ofSeconds(2));
    assertThat(StateFailures.backoff(vm(VmState.Stopped, failing), NOW.plusSeconds(8))).isEqualTo(Duration.ofSeconds(8));
    assertThat(StateFailures.backoff(vm(VmState.Stopped, failing), NOW.plusSeconds(600))).isEqualTo(StateFailures.MAX_RETRY);
  }
}
