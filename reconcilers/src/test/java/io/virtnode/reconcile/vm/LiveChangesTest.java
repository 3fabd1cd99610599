package io.virtnode.reconcile.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.Disk;
import io.virtnode.api.v1alpha1.DiskBus;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.vm.VmRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reconciler's live changes against a fake host: disks added or removed while QEMU runs are hot-plugged. */
class LiveChangesTest {
  private final FakeHost host = new FakeHost();
  private final List<VirtualMachineStatus> written = new ArrayList<>();
  private final VirtualMachineReconciler reconciler = new VirtualMachineReconciler(host, host, host,
      (owner, spec, toCreate) -> List.of(), Duration.ofSeconds(5), (vm, status) -> {
        written.add(status);
        vm.setStatus(status);
      }, new VmEventSink() {
        @Override public void transition(VirtualMachine vm, VirtualMachineStatus old, VirtualMachineStatus now) { }

        @Override public void deleted(VirtualMachine vm, List<String> files) { }
      }, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  private static VirtualMachine vm(VmState state, Disk... disks) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withName("v").withNamespace("default").withUid("u1").withGeneration(1L)
        .build());
    vm.setSpec(new VirtualMachineSpec());
    vm.getSpec().memory = "64Mi";
    vm.getSpec().state = state;
    vm.getSpec().disks = new ArrayList<>(List.of(disks));
    return vm;
  }

  private static Disk disk(String name, DiskBus bus) {
    Disk d = new Disk();
    d.name = name;
    d.path = "/var/lib/virtnode/images/" + name + ".img";
    d.bus = bus;
    return d;
  }

  private Optional<Condition> condition(String type) {
    return written.get(written.size() - 1).conditions.stream().filter(c -> c.type.equals(type)).findFirst();
  }

  @Test void aDiskAddedToARunningVmIsPluggedWithoutARestart() throws Exception {
    var vm = vm(VmState.Running, disk("root", DiskBus.virtio));
    reconciler.reconcile(vm, null);
    vm.getSpec().disks.add(disk("data", DiskBus.virtio));

    reconciler.reconcile(vm, null);

    assertThat(host.calls).containsExactly("start Run", "attach data");
    assertThat(condition("RestartRequired")).isEmpty();
    assertThat(condition("HotplugFailed")).isEmpty();
    assertThat(condition("Ready").orElseThrow().status).isEqualTo("True");
  }

  @Test void aDiskRemovedFromAPausedVmIsUnplugged() throws Exception {
    var vm = vm(VmState.Paused, disk("root", DiskBus.virtio), disk("data", DiskBus.scsi));
    reconciler.reconcile(vm, null);
    vm.getSpec().disks.remove(1);

    reconciler.reconcile(vm, null);

    assertThat(host.calls).containsExactly("start Paused", "detach data");
    assertThat(host.running.disks()).extracting(d -> d.name()).containsExactly("root");
  }

  @Test void aRefusedHotplugLeavesTheVmReadyWithHotplugFailedAndIsClearedOnceItWorks() throws Exception {
    var vm = vm(VmState.Running, disk("root", DiskBus.virtio));
    reconciler.reconcile(vm, null);
    vm.getSpec().disks.add(disk("data", DiskBus.virtio));
    host.nextHotplugFailure = new VmRuntimeException("HotplugFailed", "plugging disk data: QEMU refused"
        + " blockdev-add disk-data: Image is not in qcow2 format; every step was undone", false);

    reconciler.reconcile(vm, null);

    Condition failed = condition("HotplugFailed").orElseThrow();
    assertThat(failed.reason).isEqualTo("HotplugFailed");
    assertThat(failed.message).contains("Image is not in qcow2 format");
    assertThat(condition("Ready").orElseThrow().status).isEqualTo("True");
    assertThat(condition("Failed")).isEmpty();

    reconciler.reconcile(vm, null);

    assertThat(host.calls).containsExactly("start Run", "attach data");
    assertThat(condition("HotplugFailed")).isEmpty();
  }

  @Test void aRestartOnlyChangeNamesTheFieldAndIsNotHotplugged() throws Exception {
    var vm = vm(VmState.Running, disk("root", DiskBus.virtio));
    reconciler.reconcile(vm, null);
    vm.getSpec().memory = "128Mi";
    vm.getSpec().disks.add(disk("legacy", DiskBus.sata));

    reconciler.reconcile(vm, null);

    Condition restart = condition("RestartRequired").orElseThrow();
    assertThat(restart.reason).isEqualTo("SpecChanged");
    assertThat(restart.message).contains("memoryMiB changed from 64 to 128").contains("disk legacy added (sata)");
    assertThat(host.calls).containsExactly("start Run");
  }

  @Test void aStoppedVmGetsNoLiveChanges() throws Exception {
    var vm = vm(VmState.Stopped, disk("root", DiskBus.virtio));
    reconciler.reconcile(vm, null);
    vm.getSpec().disks.add(disk("data", DiskBus.virtio));

    reconciler.reconcile(vm, null);

    assertThat(host.calls).isEmpty();
  }
}
