package io.virtnode.node.pci.emulated;

import io.virtnode.node.pci.PciAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fixed identity of one emulated PCI function: ids, class, NUMA node, IOMMU group, whether it has a
 * reset method, and the bridge it sits behind.
 */
public record EmulatedDevice(
    PciAddress address,
    int vendorId,
    int deviceId,
    int classCode,
    int subsystemVendorId,
    int subsystemDeviceId,
    int revision,
    int numaNode,
    OptionalInt iommuGroup,
    boolean resettable,
    Optional<PciAddress> parent) {

  /** A resettable function with no IOMMU group, no parent bridge and NUMA node -1. */
  public static EmulatedDevice of(String address, int vendorId, int deviceId, int classCode) {
    return new EmulatedDevice(PciAddress.parse(address), vendorId, deviceId, classCode, vendorId, 0, 1, -1,
        OptionalInt.empty(), true, Optional.empty());
  }

  public EmulatedDevice inIommuGroup(int group) {
    return new EmulatedDevice(address, vendorId, deviceId, classCode, subsystemVendorId, subsystemDeviceId,
        revision, numaNode, OptionalInt.of(group), resettable, parent);
  }

  public EmulatedDevice onNumaNode(int node) {
    return new EmulatedDevice(address, vendorId, deviceId, classCode, subsystemVendorId, subsystemDeviceId,
        revision, node, iommuGroup, resettable, parent);
  }

  public EmulatedDevice withoutReset() {
    return new EmulatedDevice(address, vendorId, deviceId, classCode, subsystemVendorId, subsystemDeviceId,
        revision, numaNode, iommuGroup, false, parent);
  }

  public EmulatedDevice behind(String bridge) {
    return new EmulatedDevice(address, vendorId, deviceId, classCode, subsystemVendorId, subsystemDeviceId,
        revision, numaNode, iommuGroup, resettable, Optional.of(PciAddress.parse(bridge)));
  }

  /** The first 64 bytes of config space (type 0 header) with this device's ids and class. */
  byte[] configSpace() {
    byte[] c = new byte[256];
    put16(c, 0, vendorId);
    put16(c, 2, deviceId);
    c[8] = (byte) revision;
    c[9] = (byte) classCode;
    c[10] = (byte) (classCode >> 8);
    c[11] = (byte) (classCode >> 16);
    c[14] = (byte) (((classCode >> 8) == 0x0604) ? 1 : 0); // header type: bridge or normal
    put16(c, 0x2c, subsystemVendorId);
    put16(c, 0x2e, subsystemDeviceId);
    return c;
  }

  private static void put16(byte[] c, int at, int v) {
    c[at] = (byte) v;
    c[at + 1] = (byte) (v >> 8);
  }
}
