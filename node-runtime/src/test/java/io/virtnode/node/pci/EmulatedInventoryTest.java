package io.virtnode.node.pci;

import static io.virtnode.node.pci.emulated.EmulatedLayouts.GPU;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC0;
import static io.virtnode.node.pci.emulated.EmulatedLayouts.NIC1;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.node.pci.emulated.EmulatedLayouts;
import io.virtnode.node.pci.emulated.EmulatedPciHost;
import io.virtnode.node.pci.emulated.MountedBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev-mode emulated bus read by the inventory and by pciutils' lspci: both agree, so the tree is laid out
 * the way real tools expect; IOMMU groups, NUMA nodes and bridges show through.
 */
@Tag("hostdevice")
class EmulatedInventoryTest {
  @TempDir Path dir;
  private EmulatedPciHost host;
  private PciInventory inventory;

  @BeforeEach
  void mount() {
    host = MountedBus.mount(EmulatedLayouts.twoNicsAndGpu(), dir);
    inventory = new PciInventory(host.sysfs(), PciIds.system());
  }

  @AfterEach
  void unmount() {
    host.close();
  }

  @Test
  void theInventoryAndLspciAgreeOnTheEmulatedBus() throws Exception {
    List<PciDevice> devices = inventory.list();
    var lspci = Lspci.records(Optional.of(host.sysRoot()));
    assertThat(devices.stream().map(d -> d.address().toString()).toList())
        .containsExactlyElementsOf(lspci.keySet())
        .contains(GPU, NIC0, NIC1);
    RealSysfsInventoryTest.assertMatchesLspci(devices, lspci);
  }

  @Test
  void groupsNumaNodesAndBridgesShowThrough() throws Exception {
    PciDevice nic0 = inventory.find(PciAddress.parse(NIC0)).orElseThrow();
    assertThat(nic0.iommuGroup()).hasValue(2);
    assertThat(nic0.iommuGroupMembers()).containsExactly(PciAddress.parse(NIC0), PciAddress.parse(NIC1));
    assertThat(nic0.sysfsPath()).isEqualTo("devices/pci0000:00/0000:00:1c.0/0000:01:00.0");
    assertThat(nic0.deviceName()).contains("82599ES 10-Gigabit SFI/SFP+ Network Connection");
    assertThat(nic0.className()).contains("Ethernet controller");
    PciDevice gpu = inventory.find(PciAddress.parse(GPU)).orElseThrow();
    assertThat(gpu.numaNode()).isZero();
    assertThat(gpu.driver()).contains("nouveau");
    assertThat(gpu.driverOverride()).isEmpty();
    assertThat(inventory.find(PciAddress.parse(EmulatedLayouts.ROOT_PORT)).orElseThrow().isBridge()).isTrue();
    assertThat(inventory.find(PciAddress.parse("0000:09:00.0"))).isEmpty();
  }

  @Test
  void lspciSeesTheDriverChangeAfterAPassthrough() throws Exception {
    SysfsPciBinder binder = new SysfsPciBinder(host.sysfs(), host.devRoot(), MountedBus.writerConfinedTo(host));
    binder.passthrough(PciAddress.parse(GPU));
    assertThat(Lspci.records(Optional.of(host.sysRoot())).get(GPU)).containsEntry("Driver", "vfio-pci");
    assertThat(inventory.find(PciAddress.parse(GPU)).orElseThrow().driverOverride()).contains("vfio-pci");
  }
}
