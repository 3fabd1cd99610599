package io.virtnode.node.pci;

import java.util.Map;
import java.util.Optional;

/** Which active VM holds which PCI device on this node: the view the refusal rules are decided against. */
public record DeviceAssignments(Map<PciAddress, VmRef> byDevice) {
  public DeviceAssignments {
    byDevice = Map.copyOf(byDevice);
  }

  public static DeviceAssignments none() { return new DeviceAssignments(Map.of()); }

  public Optional<VmRef> holder(PciAddress a) {
    return Optional.ofNullable(byDevice.get(a));
  }
}
