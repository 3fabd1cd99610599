package io.virtnode.node.pci;

import static io.virtnode.node.pci.emulated.EmulatedLayouts.GPU;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC0;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC1;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.pci.emulated.EmulatedLayouts;
import io.virtnode.node.pci.emulated.EmulatedPciHost;
import io.virtnode.node.pci.emulated.MountedBus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev-mode wiring: a node over the emulated bus decides with the real host scan, then moves devices. */
@Tag("hostdevice")
class PciNodeTest {
  private static final VmRef DB = new VmRef("default", "db", "uid-db");

  @TempDir Path dir;

  @Test
  void onTheEmulatedBusNothingIsHostCriticalAndTheGroupRuleStillHolds() throws Exception {
    try (EmulatedPciHost host = MountedBus.mount(EmulatedLayouts.twoNicsAndGpu(), dir)) {
      PciNode node = PciNode.at(host.sysRoot(), host.devRoot());
      PciAddress gpu = PciAddress.parse(GPU);
      assertThat(node.hostScan().scan().dependencies()).as("the host's disk and NIC are not on this bus")
          .isEmpty();
      assertThat(node.decide(gpu, BindingMode.PASSTHROUGH, Optional.empty(), DeviceAssignments.none()).allowed())
          .isTrue();
      assertThat(node.binder().passthrough(gpu).previousDriver()).contains("nouveau");
      DetachDecision blocked = node.decide(PciAddress.parse(NIC0), BindingMode.PASSTHROUGH, Optional.empty(),
          new DeviceAssignments(Map.of(PciAddress.parse(NIC1), DB)));
      assertThat(blocked.reason()).isEqualTo("InUse");
      assertThat(node.decide(PciAddress.parse("0000:0a:00.0"), BindingMode.HOST, Optional.empty(),
          DeviceAssignments.none()).reason()).isEqualTo("DeviceNotFound");
      assertThat(host.bus().driverOf(gpu)).contains("vfio-pci");
    }
  }

  @Test
  void onTheRealHostTheRootDiskIsRefusedWithoutAnyWrite() throws Exception {
    PciNode node = PciNode.system();
    PciAddress critical = node.hostScan().scan().dependencies().keySet().stream().findFirst().orElseThrow();
    DetachDecision d = node.decide(critical, BindingMode.PASSTHROUGH, Optional.empty(), DeviceAssignments.none());
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("HostCritical");
  }
}
