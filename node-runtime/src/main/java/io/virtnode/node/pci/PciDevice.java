package io.virtnode.node.pci;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One PCI function as sysfs shows it.
 *
 * @param address domain:bus:slot.function
 * @param vendorId PCI vendor id (e.g. 0x8086)
 * @param deviceId PCI device id
 * @param vendorName vendor name from pci.ids, when the database knows it
 * @param deviceName device name from pci.ids, when the database knows it
 * @param classCode 24-bit class code: class, subclass, programming interface (e.g. 0x020000 Ethernet)
 * @param className class name from pci.ids, when known
 * @param driver the driver currently bound, empty when none is
 * @param driverOverride the driver_override value, empty when unset
 * @param iommuGroup the IOMMU group number, empty when the IOMMU is off or the device has none
 * @param iommuGroupMembers every device of that group, this one included, in address order
 * @param numaNode the NUMA node, -1 when the platform does not say
 * @param sysfsPath the device's canonical directory relative to the sysfs root (devices/pci0000:00/...)
 */
public record PciDevice(
    PciAddress address,
    int vendorId,
    int deviceId,
    Optional<String> vendorName,
    Optional<String> deviceName,
    int classCode,
    Optional<String> className,
    Optional<String> driver,
    Optional<String> driverOverride,
    OptionalInt iommuGroup,
    List<PciAddress> iommuGroupMembers,
    int numaNode,
    String sysfsPath) {

  public PciDevice {
    iommuGroupMembers = List.copyOf(iommuGroupMembers);
  }

  /** True for PCI-to-PCI bridges (class 0x0604), which are never assigned to a VM. */
  public boolean isBridge() {
    return (classCode >> 8) == 0x0604;
  }

  /** "8086:10fb", the form lspci -n prints. */
  public String ids() {
    return String.format("%04x:%04x", vendorId, deviceId);
  }

  /** A human label: "Red Hat, Inc. Virtio 1.0 network device" or the ids when pci.ids is absent. */
  public String label() {
    String vendor = vendorName.orElse(String.format("Vendor %04x", vendorId));
    return vendor + " " + deviceName.orElse(String.format("Device %04x", deviceId));
  }
}
