package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hot-plugged disks go where a restart keeps them, and nothing already plugged moves. */
class HotplugPlannerTest {
  private final HotplugPlanner planner = new HotplugPlanner();
  private final DomainPlanner domains = new DomainPlanner();

  @Test
  void pcDiskGetsTheNextFreeSlotOfPci0() throws Exception {
    DomainSpec running = Specs.vm().disk("root", DiskBus.VIRTIO).build();
    AddressBook book = domains.plan(running, Specs.ctx()).addresses();

    HotplugPlanner.Plan plan = planner.attach(running, book, disk("data", DiskBus.VIRTIO), Specs.tcg());

    assertThat(plan.device().placement()).isEqualTo(new DiskPlacement.RootSlot("pci.0", 4));
    assertThat(plan.addresses().get("disk-data")).isEqualTo("pci:0x04");
    assertThat(plan.device().deviceAdd().arguments().toString()).isEqualTo(
        "{\"driver\":\"virtio-blk-pci\",\"drive\":\"disk-data\",\"id\":\"disk-data\",\"bus\":\"pci.0\",\"addr\":\"0x4\"}");
  }

  @Test
  void q35DiskGoesToTheFirstFreeRootPortAndTheNextToTheSecond() throws Exception {
    DomainSpec running = Specs.vm().machine("q35").disk("root", DiskBus.VIRTIO).build();
    AddressBook book = domains.plan(running, Specs.ctx()).addresses();

    HotplugPlanner.Plan first = planner.attach(running, book, disk("a", DiskBus.VIRTIO), Specs.tcg());
    DomainSpec withA = running.withDisks(append(running.disks(), disk("a", DiskBus.VIRTIO)));
    HotplugPlanner.Plan second = planner.attach(withA, first.addresses(), disk("b", DiskBus.VIRTIO), Specs.tcg());

    assertThat(first.device().placement()).isEqualTo(new DiskPlacement.RootPort(0));
    assertThat(second.device().placement()).isEqualTo(new DiskPlacement.RootPort(1));
    assertThat(second.device().deviceAdd().arguments().path("bus").asText()).isEqualTo("rp1");
  }

  @Test
  void restartKeepsAHotpluggedDiskOnItsRootPortWithTheSameDevice() throws Exception {
    DomainSpec running = Specs.vm().machine("q35").disk("root", DiskBus.VIRTIO).build();
    AddressBook book = domains.plan(running, Specs.ctx()).addresses();
    HotplugPlanner.Plan plan = planner.attach(running, book, disk("a", DiskBus.VIRTIO), Specs.tcg());
    DomainSpec after = running.withDisks(append(running.disks(), disk("a", DiskBus.VIRTIO)));

    DomainPlan restarted = domains.plan(after, Specs.ctx(Specs.tcg(), plan.addresses()));

    assertThat(restarted.addresses().sorted()).isEqualTo(plan.addresses().sorted());
    assertThat(restarted.argv()).contains(plan.device().device().deviceOption().render());
    assertThat(restarted.argv().indexOf("pcie-root-port,id=rp0,bus=pcie.0,addr=0x4,chassis=1,port=16"))
        .isLessThan(restarted.argv().indexOf(plan.device().device().deviceOption().render()));
  }

  @Test
  void scsiDiskTakesAFreeUnitOfTheExistingController() throws Exception {
    DomainSpec running = Specs.vm().disk("s0", DiskBus.SCSI).build();
    AddressBook book = domains.plan(running, Specs.ctx()).addresses();

    HotplugPlanner.Plan plan = planner.attach(running, book, disk("s1", DiskBus.SCSI), Specs.tcg());

    assertThat(plan.device().placement()).isEqualTo(new DiskPlacement.Scsi(0, "scsi0", true, 1));
    assertThat(plan.device().deviceAdd().arguments().toString()).isEqualTo("{\"driver\":\"scsi-hd\",\"bus\":"
        + "\"scsi0.0\",\"channel\":0,\"scsi-id\":1,\"lun\":0,\"drive\":\"disk-s1\",\"id\":\"disk-s1\"}");
  }

  @Test
  void scsiDiskWithoutAControllerSataDiskAndFullRootPortsAreRefused() throws Exception {
    DomainSpec pc = Specs.vm().build();
    AddressBook pcBook = domains.plan(pc, Specs.ctx()).addresses();
    assertThatThrownBy(() -> planner.attach(pc, pcBook, disk("s", DiskBus.SCSI), Specs.tcg()))
        .isInstanceOf(PlanException.class).hasMessageContaining("SCSI controller scsi0");
    assertThatThrownBy(() -> planner.attach(pc, pcBook, disk("c", DiskBus.SATA), Specs.tcg()))
        .isInstanceOfSatisfying(PlanException.class, e -> assertThat(e.reason()).isEqualTo("NotHotpluggable"));

    DomainSpec q35 = Specs.vm().machine("q35").build().withPcieRootPorts(1);
    AddressBook q35Book = domains.plan(q35, Specs.ctx()).addresses();
    HotplugPlanner.Plan one = planner.attach(q35, q35Book, disk("a", DiskBus.VIRTIO), Specs.tcg());
    DomainSpec withA = q35.withDisks(List.of(disk("a", DiskBus.VIRTIO)));
    assertThatThrownBy(() -> planner.attach(withA, one.addresses(), disk("b", DiskBus.VIRTIO), Specs.tcg()))
        .isInstanceOfSatisfying(PlanException.class, e -> assertThat(e.reason()).isEqualTo("NoFreePcieRootPort"));
  }

  @Test
  void blockdevNodesAreTheSameAtStartAndForHotplug() throws Exception {
    DiskDevice device = new DiskDevice(new DiskSpec("data", Path.of("/images/d.qcow2"), false, DiskFormat.QCOW2,
        DiskBus.VIRTIO, true), new DiskPlacement.RootSlot("pci.0", 5));
    var adds = device.blockdevAdds("/dev/fdset/3");
    assertThat(adds.get(0).arguments().toString()).isEqualTo("{\"driver\":\"file\",\"filename\":\"/dev/fdset/3\","
        + "\"node-name\":\"file-data\",\"read-only\":true}");
    assertThat(adds.get(1).arguments().toString()).isEqualTo("{\"driver\":\"qcow2\",\"file\":\"file-data\","
        + "\"node-name\":\"disk-data\",\"read-only\":true}");
    assertThat(device.formatNode().keyOption().render()).isEqualTo("driver=qcow2,file=file-data,node-name=disk-data,"
        + "read-only=on");
  }

  private static DiskSpec disk(String name, DiskBus bus) {
    return new DiskSpec(name, Path.of("/var/lib/virtnode/images/" + name + ".img"), false, DiskFormat.RAW, bus, false);
  }

  private static List<DiskSpec> append(List<DiskSpec> disks, DiskSpec disk) {
    List<DiskSpec> all = new ArrayList<>(disks);
    all.add(disk);
    return all;
  }
}
