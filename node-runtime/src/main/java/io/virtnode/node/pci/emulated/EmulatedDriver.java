package io.virtnode.node.pci.emulated;

import java.util.List;

/**
 * An emulated PCI driver: its name and static id table (vendor/device pairs it claims on its own).
 * vfio-pci has none: it binds only through driver_override or a new_id.
 */
public record EmulatedDriver(String name, List<PciId> ids) {
  public EmulatedDriver {
    ids = List.copyOf(ids);
  }

  public static EmulatedDriver vfioPci() { return new EmulatedDriver("vfio-pci", List.of()); }

  public static EmulatedDriver claiming(String name, PciId... ids) { return new EmulatedDriver(name, List.of(ids)); }
}
