package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.domain.CharBackendSpec.Kind;
import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.domain.DiskSpec.DiskFormat;
import io.virtnode.node.qemu.QemuCapability;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PlanExceptionTest {
  private final DomainPlanner planner = new DomainPlanner();

  @Test
  void sevenSataDisksAreTooMany() {
    Specs s = Specs.vm().machine("q35");
    for (int i = 0; i < 7; i++) {
      s.disk("s" + i, DiskBus.SATA);
    }
    assertThatThrownBy(() -> planner.plan(s.build(), Specs.ctx()))
        .isInstanceOf(PlanException.class).hasFieldOrPropertyWithValue("reason", "TooManyDisks")
        .hasMessageContaining("virtio or scsi");
  }

  @Test
  void tcpVncWithoutReservedPortFails() {
    Specs s = Specs.vm();
    s.vnc = new VncSpec(false);
    PlanContext noPort = new PlanContext(new RuntimePaths(Path.of("/run/vm")), Specs.tcg(), null, "127.0.0.1", false,
        AddressBook.EMPTY);
    assertThatThrownBy(() -> planner.plan(s.build(), noPort))
        .hasFieldOrPropertyWithValue("reason", "VncPortMissing").hasMessageContaining("port");
  }

  @Test
  void fileChardevNeedsNoAppendSupportSinceQemuOnlyReachesTheAgentsDrainSocket() throws Exception {
    Specs s = Specs.vm();
    s.serials.add(new CharDeviceSpec("ttyS0", new CharBackendSpec(Kind.FILE, Path.of("/var/log/s.log"), false)));
    var argv = planner.plan(s.build(), Specs.ctx(Specs.without(QemuCapability.CHARDEV_FILE_APPEND),
        AddressBook.EMPTY)).argv();
    assertThat(argv).noneMatch(a -> a.contains("/var/log/s.log"))
        .anyMatch(a -> a.startsWith("socket,id=chr-serial-ttyS0,path=") && a.endsWith(",server=off,reconnect=1"));
  }

  @Test
  void missingDeviceCapabilityNamesIt() {
    assertThatThrownBy(() -> planner.plan(Specs.vm().controller(ScsiControllerSpec.Model.LSI).build(),
        Specs.ctx(Specs.without(QemuCapability.DEVICE_LSI), AddressBook.EMPTY)))
        .hasFieldOrPropertyWithValue("reason", "UnsupportedByQemu").hasMessageContaining("lsi53c895a");
  }

  @Test
  void badNamesPathsAndMachinesAreRejected() {
    assertThatThrownBy(() -> planner.plan(Specs.vm().disk("a,b", DiskBus.VIRTIO).build(), Specs.ctx()))
        .hasFieldOrPropertyWithValue("reason", "InvalidName");
    assertThatThrownBy(() -> planner.plan(Specs.vm().disk("a", DiskBus.VIRTIO).disk("a", DiskBus.SCSI).build(),
        Specs.ctx())).hasFieldOrPropertyWithValue("reason", "DuplicateName");
    Specs badPath = Specs.vm();
    badPath.disks.add(new DiskSpec("x", Path.of("/tmp/a\nb"), false, DiskFormat.RAW, DiskBus.VIRTIO, false));
    assertThatThrownBy(() -> planner.plan(badPath.build(), Specs.ctx()))
        .hasFieldOrPropertyWithValue("reason", "InvalidPath");
    assertThatThrownBy(() -> planner.plan(Specs.vm().machine("virt").build(), Specs.ctx()))
        .hasFieldOrPropertyWithValue("reason", "UnsupportedMachine");
    assertThatThrownBy(() -> planner.plan(Specs.vm().disk("ro", DiskBus.SATA, DiskFormat.RAW, true).build(),
        Specs.ctx())).hasFieldOrPropertyWithValue("reason", "ReadOnlySataDisk");
  }
}
