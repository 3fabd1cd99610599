package io.virtnode.node.pci;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything the agent needs of one node's PCI bus, bound to one sysfs and /dev: the inventory, the binder and
 * the host scan. {@link #system()} is the real host; an emulated bus gives its own roots (development mode).
 */
public record PciNode(PciInventory inventory, PciBinder binder, HostCriticalScanner hostScan) {

  /** The real /sys, /dev, /proc and /. */
  public static PciNode system() {
    return new PciNode(PciInventory.system(), SysfsPciBinder.system(), HostCriticalScanner.system());
  }

  /** A bus under other roots (an emulated one): the host scan still reads the real /proc and /. */
  public static PciNode at(Path sysRoot, Path devRoot) {
    PciSysfs sysfs = new PciSysfs(sysRoot);
    return new PciNode(new PciInventory(sysfs, PciIds.system()), new SysfsPciBinder(sysfs, devRoot,
        new SysfsWriter()), new HostCriticalScanner(sysRoot, Path.of("/proc"), Path.of("/")));
  }

  /** Whether device may move to mode now, given who holds what: the inventory and host scan read afresh. */
  public DetachDecision decide(PciAddress device, BindingMode mode, java.util.Optional<VmRef> requester,
      DeviceAssignments assignments) throws IOException {
    java.util.Optional<PciDevice> d = inventory.find(device);
    if (d.isEmpty()) {
      return DetachDecision.refuse("DeviceNotFound", "no PCI device " + device + " on this node");
    }
    return DetachPolicy.decide(d.get(), mode, requester, assignments, hostScan.scan());
  }
}
