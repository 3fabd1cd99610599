package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.SpecChange.Kind;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec diff: every field classified; disks added/removed on hot-pluggable buses are live, the rest not. */
class SpecDiffTest {

  @Test
  void everyDomainSpecFieldIsClassified() {
    List<String> components = Arrays.stream(DomainSpec.class.getRecordComponents())
        .map(RecordComponent::getName).toList();
    assertThat(SpecFields.CLASSES.keySet())
        .as("classify every DomainSpec field in SpecFields.CLASSES (and write it in RunningSpecCodec)")
        .containsExactlyInAnyOrderElementsOf(components);
  }

  @Test
  void sameSpecIsUnchanged() {
    DomainSpec spec = Specs.vm().disk("root", DiskBus.VIRTIO).build();
    assertThat(SpecDiff.compare(spec, Specs.vm().disk("root", DiskBus.VIRTIO).build()).unchanged()).isTrue();
  }

  @Test
  void startPausedAloneChangesNothingForARunningVm() {
    Specs paused = Specs.vm();
    DomainSpec a = paused.build();
    DomainSpec b = new DomainSpec(a.name(), a.uuid(), a.cpus(), a.memoryMiB(), a.machine(), a.disks(),
        a.scsiControllers(), a.serials(), a.consoles(), a.parallels(), a.channels(), a.vnc(), true);
    assertThat(SpecDiff.compare(a, b).unchanged()).isTrue();
  }

  @Test
  void memoryCpusMachineAndRootPortsNeedARestart() {
    Specs s = Specs.vm();
    DomainSpec a = s.build();
    s.memoryMiB = 1024;
    s.cpus = 4;
    SpecDiff diff = SpecDiff.compare(a, s.machine("q35").build().withPcieRootPorts(2));
    assertThat(diff.changes()).extracting(SpecChange::field)
        .containsExactlyInAnyOrder("cpus", "memoryMiB", "machine", "pcieRootPorts");
    assertThat(diff.changes()).allMatch(c -> c.kind() == Kind.RESTART_REQUIRED);
  }

  @Test
  void renamedVmIsImmutable() {
    Specs s = Specs.vm();
    DomainSpec a = s.build();
    s.name = "default_other";
    SpecDiff diff = SpecDiff.compare(a, s.build());
    assertThat(diff.immutableChanged()).isTrue();
  }

  @Test
  void virtioAndScsiDisksAddedOrRemovedAreLive() {
    DomainSpec running = Specs.vm().disk("root", DiskBus.VIRTIO).disk("old", DiskBus.SCSI).build();
    DomainSpec wanted = Specs.vm().disk("root", DiskBus.VIRTIO).disk("new", DiskBus.VIRTIO)
        .disk("more", DiskBus.SCSI).build();

    SpecDiff diff = SpecDiff.compare(running, wanted);

    assertThat(diff.liveOnly()).as("%s", diff.changes()).isTrue();
    assertThat(diff.attach()).extracting(DiskSpec::name).containsExactly("new", "more");
    assertThat(diff.detach()).containsExactly("old");
  }

  @Test
  void sataDiskAddedNeedsARestart() {
    SpecDiff diff = SpecDiff.compare(Specs.vm().build(), Specs.vm().disk("cd", DiskBus.SATA).build());
    assertThat(diff.restartRequired()).isTrue();
    assertThat(diff.attach()).isEmpty();
  }

  @Test
  void scsiDiskWithoutAControllerNeedsARestart() {
    SpecDiff diff = SpecDiff.compare(Specs.vm().build(), Specs.vm().disk("s", DiskBus.SCSI).build());
    assertThat(diff.restartRequired()).isTrue();
  }

  @Test
  void virtioDiskOnQ35WithoutRootPortsNeedsARestart() {
    DomainSpec running = Specs.vm().machine("q35").build().withPcieRootPorts(0);
    DomainSpec wanted = Specs.vm().machine("q35").disk("d", DiskBus.VIRTIO).build().withPcieRootPorts(0);
    assertThat(SpecDiff.compare(running, wanted).restartRequired()).isTrue();
    assertThat(SpecDiff.compare(running.withPcieRootPorts(4), wanted.withPcieRootPorts(4)).liveOnly()).isTrue();
  }

  @Test
  void diskChangedInPlaceNeedsARestart() {
    DomainSpec running = Specs.vm().disk("root", DiskBus.VIRTIO).build();
    DomainSpec wanted = Specs.vm().disk("root", DiskBus.VIRTIO, DiskSpec.DiskFormat.QCOW2, false).build();
    SpecDiff diff = SpecDiff.compare(running, wanted);
    assertThat(diff.restartRequired()).isTrue();
    assertThat(diff.attach()).isEmpty();
    assertThat(diff.detach()).isEmpty();
  }

  @Test
  void reorderedDisksAreUnchanged() {
    DomainSpec running = Specs.vm().disk("a", DiskBus.VIRTIO).disk("b", DiskBus.VIRTIO).build();
    DomainSpec wanted = Specs.vm().disk("b", DiskBus.VIRTIO).disk("a", DiskBus.VIRTIO).build();
    assertThat(SpecDiff.compare(running, wanted).unchanged()).isTrue();
  }

  @Test
  void charDevicesAndGraphicsNeedARestart() {
    Specs s = Specs.vm();
    DomainSpec a = s.build();
    s.vnc = new VncSpec(false);
    s.channel("org.qemu.guest_agent.0", null);
    assertThat(SpecDiff.compare(a, s.build()).changes()).extracting(SpecChange::field)
        .containsExactlyInAnyOrder("vnc", "channels");
  }
}
