package io.virtnode.reconcile.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.vm.DiskFacts;
import io.virtnode.node.vm.ExitInfo;
import io.virtnode.node.vm.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static VirtualMachine vm(VmState state, long generation) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("default").withGeneration(generation).build());
    vm.setSpec(new VirtualMachineSpec());
    vm.getSpec().memory = "64Mi";
    vm.getSpec().state = state;
    return vm;
  }

  private static Observation running(String runState) {
    return new Observation(runState, 42, false, "127.0.0.1:5901", "h", Map.of("disk-root", "pci:0x03"), null);
  }

  private static Observation stopped(ExitInfo exit) {
    return new Observation("stopped", 0, false, null, null, Map.of(), exit);
  }

  private static Condition cond(VirtualMachineStatus s, String type) {
    return s.conditions.stream().filter(c -> c.type.equals(type)).findFirst().orElseThrow();
  }

  @Test void runningAsAskedIsReadyWithFacts() {
    var s = VmStatusBuilder.build(vm(VmState.Running, 3), running("running"), null, false,
        List.of(new DiskFacts("root", 10L, 4L, 10L)), NOW);
    assertThat(s.state).isEqualTo("Running");
    assertThat(s.observedGeneration).isEqualTo(3);
    assertThat(s.pid).isEqualTo(42);
    assertThat(s.vnc.endpoint).isEqualTo("127.0.0.1:5901");
    assertThat(s.nodeName).as("the controller's field").isNull();
    assertThat(cond(s, "Ready").status).isEqualTo("True");
    assertThat(cond(s, "Paused").status).isEqualTo("False");
    assertThat(s.disks).singleElement().satisfies(d -> assertThat(d.allocation).isEqualTo(4L));
    assertThat(s.addresses).singleElement().satisfies(a -> assertThat(a.address).isEqualTo("pci:0x03"));
  }

  @Test void pausedWhenRunningIsWantedIsNotReady() {
    var s = VmStatusBuilder.build(vm(VmState.Running, 1), running("paused"), null, false, List.of(), NOW);
    assertThat(cond(s, "Ready").status).isEqualTo("False");
    assertThat(cond(s, "Ready").reason).isEqualTo("Converging");
    assertThat(cond(s, "Paused").status).isEqualTo("True");
  }

  @Test void prelaunchCountsAsPausedForAColdPausedStart() {
    var s = VmStatusBuilder.build(vm(VmState.Paused, 1), running("prelaunch"), null, false, List.of(), NOW);
    assertThat(s.state).isEqualTo("Paused");
    assertThat(cond(s, "Ready").status).isEqualTo("True");
  }

  @Test void failureIsAConditionWithReasonAndMessage() {
    var s = VmStatusBuilder.build(vm(VmState.Running, 1), stopped(null),
        new Failure("PathNotAllowed", "move it"), false, List.of(), NOW);
    assertThat(s.state).isEqualTo("Failed");
    assertThat(cond(s, "Failed").reason).isEqualTo("PathNotAllowed");
    assertThat(cond(s, "Ready").message).isEqualTo("move it");
    var healed = VmStatusBuilder.build(withStatus(vm(VmState.Running, 2), s), running("running"), null,
        false, List.of(), NOW);
    assertThat(healed.conditions).noneMatch(c -> c.type.equals("Failed"));
  }

  @Test void anUnaskedExitIsReportedAndKeptAcrossLaterStatuses() {
    var s = VmStatusBuilder.build(vm(VmState.Running, 1), stopped(new ExitInfo(NOW, "killed by signal 9")),
        null, false, List.of(), NOW);
    assertThat(s.lastExit.reason).isEqualTo("killed by signal 9");
    assertThat(cond(s, "Ready").reason).isEqualTo("QemuExited");
    var later = VmStatusBuilder.build(withStatus(vm(VmState.Running, 1), s), running("running"), null, false,
        List.of(), NOW);
    assertThat(later.lastExit.reason).isEqualTo("killed by signal 9");
  }

  @Test void restartRequiredIsSaidAndWithdrawn() {
    var s = VmStatusBuilder.build(vm(VmState.Running, 2), running("running"), null, true, List.of(), NOW);
    assertThat(cond(s, "RestartRequired").status).isEqualTo("True");
    var after = VmStatusBuilder.build(withStatus(vm(VmState.Running, 2), s), running("running"), null, false,
        List.of(), NOW);
    assertThat(after.conditions).noneMatch(c -> c.type.equals("RestartRequired"));
  }

  @Test void stoppedAsAskedIsStoppedAndNotReady() {
    var s = VmStatusBuilder.build(vm(VmState.Stopped, 1), stopped(null), null, false, List.of(), NOW);
    assertThat(s.state).isEqualTo("Stopped");
    assertThat(s.pid).isNull();
    assertThat(s.vnc).isNull();
    assertThat(cond(s, "Ready").reason).isEqualTo("Stopped");
  }

  @Test void foreignConditionsAreKept() {
    VirtualMachineStatus old = new VirtualMachineStatus();
    old.conditions.add(new Condition("Scheduled", "True", "Placed", "on n1"));
    var s = VmStatusBuilder.build(withStatus(vm(VmState.Running, 1), old), running("running"), null, false,
        List.of(), NOW);
    assertThat(s.conditions).extracting(c -> c.type).contains("Scheduled", "Ready", "Paused");
  }

  private static VirtualMachine withStatus(VirtualMachine vm, VirtualMachineStatus s) {
    vm.setStatus(s);
    return vm;
  }
}
