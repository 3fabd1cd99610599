package io.virtnode.node.pci.emulated;

import java.util.ArrayList;
import java.util.List;

/** An emulated driver and the dynamic ids new_id added to it. */
final class DriverState {
  final EmulatedDriver spec;
  final List<PciId> dynamicIds = new ArrayList<>();

  DriverState(EmulatedDriver spec) {
    this.spec = spec;
  }

  /**
   * pci_match_device: an override naming another driver never matches; dynamic then static ids; a device whose
   * override names this driver matches it whatever its ids.
   */
  boolean matches(DeviceState s) {
    if (s.override != null && !s.override.equals(spec.name())) {
      return false;
    }
    for (PciId id : dynamicIds) {
      if (id.matches(s.spec)) {
        return true;
      }
    }
    for (PciId id : spec.ids()) {
      if (id.matches(s.spec)) {
        return true;
      }
    }
    return s.override != null;
  }
}
