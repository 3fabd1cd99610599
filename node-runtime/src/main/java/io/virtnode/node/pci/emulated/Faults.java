package io.virtnode.node.pci.emulated;

import io.virtnode.node.pci.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Injected faults, as libvirt's virpcimock has them: an action on a device (and driver) fails with an errno. */
final class Faults {
  private final List<Fault> faults = new ArrayList<>();

  /** One fault: fires remaining times (-1: every time). */
  private static final class Fault {
    final PciAddress device;
    final FaultAction action;
    final Optional<String> driver;
    final int errno;
    int remaining;

    Fault(PciAddress device, FaultAction action, Optional<String> driver, int errno, int times) {
      this.device = device;
      this.action = action;
      this.driver = driver;
      this.errno = errno;
      this.remaining = times;
    }
  }

  void add(PciAddress device, FaultAction action, Optional<String> driver, int errno, int times) {
    if (errno <= 0) {
      throw new IllegalArgumentException("a fault needs a positive errno: " + errno);
    }
    faults.add(new Fault(device, action, driver, errno, times));
  }

  void clear() { faults.clear(); }

  /** The errno the action answers now (0: it succeeds); a fault that fires counts one use. */
  int fire(PciAddress device, FaultAction action, String driver) {
    for (Fault f : faults) {
      if (f.device.equals(device) && f.action == action && f.remaining != 0
          && (f.driver.isEmpty() || f.driver.get().equals(driver))) {
        if (f.remaining > 0) {
          f.remaining--;
        }
        return f.errno;
      }
    }
    return 0;
  }
}
