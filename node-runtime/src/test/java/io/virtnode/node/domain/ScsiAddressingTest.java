package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.ScsiControllerSpec.Model;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScsiAddressingTest {
  private final DomainPlanner planner = new DomainPlanner();

  private static Specs disks(Specs s, int n) {
    for (int i = 0; i < n; i++) {
      s.disk("d" + i, DiskBus.SCSI);
    }
    return s;
  }

  @Test
  void narrowBusUsesUnitsZeroToSixThenAddsAVirtioScsiController() throws Exception {
    DomainPlan plan = planner.plan(disks(Specs.vm().controller(Model.LSI), 8).build(), Specs.ctx());

    Map<String, String> book = plan.addresses().addresses();
    for (int i = 0; i < 7; i++) {
      assertThat(book).containsEntry("disk-d" + i, "scsi:0:" + i);
    }
    assertThat(book).containsEntry("disk-d7", "scsi:1:0").containsKeys("scsi0", "scsi1");
    assertThat(plan.argv()).contains("lsi53c895a,id=scsi0,bus=pci.0,addr=0x3",
        "virtio-scsi-pci,id=scsi1,bus=pci.0,addr=0x4");
  }

  @Test
  void wideBusSkipsUnitSevenForTheInitiator() throws Exception {
    DomainPlan plan = planner.plan(disks(Specs.vm().controller(Model.VIRTIO_SCSI), 9).build(), Specs.ctx());

    assertThat(plan.addresses().addresses()).containsEntry("disk-d6", "scsi:0:6").containsEntry("disk-d7", "scsi:0:8")
        .containsEntry("disk-d8", "scsi:0:9").doesNotContainValue("scsi:0:7");
  }

  @Test
  void scsiDisksWithoutDeclaredControllerGetAnAutomaticVirtioScsiOne() throws Exception {
    DomainPlan plan = planner.plan(disks(Specs.vm(), 16).build(), Specs.ctx());

    assertThat(plan.addresses().addresses()).containsEntry("disk-d14", "scsi:0:15").containsEntry("disk-d15", "scsi:1:0");
    assertThat(plan.argv()).filteredOn(a -> a.startsWith("virtio-scsi-pci")).hasSize(2);
  }

  @Test
  void previousUnitsAreKeptAndInvalidOnesReassigned() throws Exception {
    AddressBook previous = new AddressBook(Map.of("disk-d0", "scsi:0:5", "disk-d1", "scsi:0:7", "disk-d2", "scsi:0:5"));

    DomainPlan plan = planner.plan(disks(Specs.vm().controller(Model.LSI), 3).build(), Specs.ctx(Specs.tcg(), previous));

    assertThat(plan.addresses().addresses()).containsEntry("disk-d0", "scsi:0:5").containsEntry("disk-d1", "scsi:0:0")
        .containsEntry("disk-d2", "scsi:0:1");
  }

  @Test
  void diskKeptOnAnAutomaticControllerKeepsThatController() throws Exception {
    AddressBook previous = new AddressBook(Map.of("disk-d0", "scsi:1:3"));

    DomainPlan plan = planner.plan(disks(Specs.vm().controller(Model.LSI), 1).build(), Specs.ctx(Specs.tcg(), previous));

    assertThat(plan.addresses().addresses()).containsEntry("disk-d0", "scsi:1:3").containsKeys("scsi0", "scsi1");
  }
}
