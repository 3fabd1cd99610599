package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressStabilityTest {
  private final DomainPlanner planner = new DomainPlanner();

  @Test
  void planIsDeterministic() throws Exception {
    DomainSpec spec = Specs.vm().disk("a", DiskBus.VIRTIO).disk("b", DiskBus.SCSI).channel("c", null).build();

    assertThat(planner.plan(spec, Specs.ctx())).isEqualTo(planner.plan(spec, Specs.ctx()));
  }

  @Test
  void addingADiskInFrontKeepsEveryExistingAddress() throws Exception {
    DomainPlan before = planner.plan(Specs.vm().disk("b", DiskBus.VIRTIO).disk("c", DiskBus.SCSI)
        .disk("d", DiskBus.SATA).channel("ch", null).build(), Specs.ctx());

    DomainSpec grown = Specs.vm().disk("a", DiskBus.VIRTIO).disk("a2", DiskBus.SCSI).disk("a3", DiskBus.SATA)
        .disk("b", DiskBus.VIRTIO).disk("c", DiskBus.SCSI).disk("d", DiskBus.SATA).channel("new", null)
        .channel("ch", null).build();
    DomainPlan after = planner.plan(grown, Specs.ctx(Specs.tcg(), before.addresses()));

    assertThat(after.addresses().addresses()).containsAllEntriesOf(before.addresses().addresses());
    assertThat(after.addresses().get("disk-a")).isNotEqualTo(before.addresses().get("disk-b"));
  }

  @Test
  void previousPciSlotIsKeptAndCollisionsGetTheLowestFree() throws Exception {
    AddressBook previous = new AddressBook(Map.of("disk-a", "pci:0x10", "disk-b", "pci:0x10", "disk-c", "pci:0x1f",
        "gone", "pci:0x03"));

    DomainPlan plan = planner.plan(Specs.vm().disk("a", DiskBus.VIRTIO).disk("b", DiskBus.VIRTIO)
        .disk("c", DiskBus.VIRTIO).build(), Specs.ctx(Specs.tcg(), previous));

    assertThat(plan.addresses().addresses()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "disk-a", "pci:0x10", "disk-b", "pci:0x03", "disk-c", "pci:0x04"));
  }

  @Test
  void bookHoldsControllersVideoConsoleAndDiskNodeNames() throws Exception {
    Specs s = Specs.vm().disk("root", DiskBus.SATA).channel("org.qemu.guest_agent.0", null);
    s.consoles.add(new CharDeviceSpec("hvc0", new CharBackendSpec(CharBackendSpec.Kind.PTY, null, false)));
    s.vnc = new VncSpec(false);

    DomainPlan plan = planner.plan(s.build(), Specs.ctx());

    assertThat(plan.addresses().sorted()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
        "video0", "pci:0x02", "sata0", "pci:0x03", "vserial0", "pci:0x04", "disk-root", "sata:0",
        "console-hvc0", "virtio-serial:0:0", "channel-org.qemu.guest_agent.0", "virtio-serial:0:1")));
    assertThat(plan.diskNodeNames()).isEqualTo(Map.of("root", "disk-root"));
    assertThat(plan.vncEndpoint()).isEqualTo("127.0.0.1:5901");
    assertThat(plan.argv()).contains("127.0.0.1:1,audiodev=audio0");
  }

  @Test
  void unixVncWithHostAudioHasNoAudiodevOverride() throws Exception {
    Specs s = Specs.vm();
    s.vnc = new VncSpec(true);
    PlanContext ctx = new PlanContext(new RuntimePaths(Path.of("/run/vm")), Specs.tcg(), null, null, true,
        AddressBook.EMPTY);

    DomainPlan plan = planner.plan(s.build(), ctx);

    assertThat(plan.vncEndpoint()).isEqualTo("unix:/run/vm/vnc.sock");
    assertThat(plan.argv()).doesNotContain("-audiodev").contains("unix:/run/vm/vnc.sock");
  }

  @Test
  void disksPassedAsFdsAreOpenedFromTheirFdsetsNotTheirPaths() throws Exception {
    Specs s = Specs.vm();
    s.disks.add(new DiskSpec("root", Path.of("/var/lib/virtnode/images/root.img"), false, DiskSpec.DiskFormat.RAW,
        DiskSpec.DiskBus.VIRTIO, false));
    PlanContext byPath = Specs.ctx();
    PlanContext byFd = new PlanContext(byPath.paths(), byPath.capabilities(), byPath.vncPort(), byPath.vncListen(),
        byPath.hostAudio(), byPath.previous(), true);

    List<String> argv = planner.plan(s.build(), byFd).argv();

    String path = s.build().disks().get(0).path().toString();
    assertThat(argv).containsSubsequence("-add-fd", "fd=3,set=1,opaque=disk-root", "-blockdev")
        .anyMatch(a -> a.startsWith("driver=file,filename=/dev/fdset/1,"))
        .noneMatch(a -> a.contains("filename=" + path));
    assertThat(planner.plan(s.build(), byPath).argv()).anyMatch(a -> a.contains("filename=" + path))
        .doesNotContain("-add-fd");
  }

  @Test
  void kvmUsesHostCpuAndTcgUsesMaxWithSmallTranslationCache() throws Exception {
    assertThat(planner.plan(Specs.vm().build(), Specs.ctx(Specs.kvm(), AddressBook.EMPTY)).argv())
        .containsSubsequence("-accel", "kvm", "-cpu", "host");
    assertThat(planner.plan(Specs.vm().build(), Specs.ctx()).argv())
        .containsSubsequence("-accel", "tcg,tb-size=16", "-cpu", "max").contains("-S");
  }
}
