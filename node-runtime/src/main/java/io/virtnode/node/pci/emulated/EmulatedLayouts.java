package io.virtnode.node.pci.emulated;

import static io.virtnode.node.pci.emulated.PciId.ANY;

/** Ready-made emulated buses, e.g. the one the development mode attaches to try passthrough without hardware. */
public final class EmulatedLayouts {
  /** First NIC function: Intel 82599ES behind root port 00:1c.0, ixgbe, IOMMU group 2 with its sibling. */
  public static final String NIC0 = "0000:01:00.0";
  /** Second function of the same NIC, same IOMMU group 2. */
  public static final String NIC1 = "0000:01:00.1";
  /** A GPU-like 3D controller (NVIDIA Tesla T4), nouveau, IOMMU group 3 on its own, NUMA node 0. */
  public static final String GPU = "0000:00:02.0";
  /** The PCIe root port the NIC sits behind (pcieport, group 1). */
  public static final String ROOT_PORT = "0000:00:1c.0";
  /** The host bridge (no driver, group 0). */
  public static final String HOST_BRIDGE = "0000:00:00.0";

  private EmulatedLayouts() {}

  /** Host bridge, a root port, a two-function NIC sharing one IOMMU group, and a GPU alone in its group. */
  public static EmulatedPciBus twoNicsAndGpu() {
    return new EmulatedPciBus()
        .addDriver(new EmulatedDriver("pcieport", java.util.List.of(
            new PciId(ANY, ANY, ANY, ANY, 0x060400, 0xffff00))))
        .addDriver(EmulatedDriver.claiming("ixgbe", PciId.of(0x8086, 0x10fb)))
        .addDriver(EmulatedDriver.claiming("nouveau", PciId.of(0x10de, 0x1eb8)))
        .addDriver(EmulatedDriver.vfioPci())
        .addDevice(EmulatedDevice.of(HOST_BRIDGE, 0x8086, 0x29c0, 0x060000).inIommuGroup(0).withoutReset())
        .addDevice(EmulatedDevice.of(ROOT_PORT, 0x8086, 0x2448, 0x060400).inIommuGroup(1))
        .addDevice(EmulatedDevice.of(NIC0, 0x8086, 0x10fb, 0x020000).inIommuGroup(2).behind(ROOT_PORT))
        .addDevice(EmulatedDevice.of(NIC1, 0x8086, 0x10fb, 0x020000).inIommuGroup(2).behind(ROOT_PORT))
        .addDevice(EmulatedDevice.of(GPU, 0x10de, 0x1eb8, 0x030200).inIommuGroup(3).onNumaNode(0));
  }
}
