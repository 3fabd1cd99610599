package io.virtnode.node.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** PCI slots on the root bus: 0x02 is the video card's, 0x03-0x1e are assigned, 0x1f is ICH9 on q35. */
final class PciSlots {
  static final int VIDEO_SLOT = 0x02;
  static final int FIRST = 0x03;
  static final int LAST = 0x1e;

  private PciSlots() {}

  /** Slots for the given device ids, keeping previous ones; every PCI device except video0 goes here. */
  static Map<String, Integer> assign(List<String> deviceIds, AddressBook previous) throws PlanException {
    return StableAssigner.assign(deviceIds, id -> Addresses.parsePci(previous.get(id)), FIRST, LAST, Set.of(),
        new PlanException("TooManyPciDevices", deviceIds.size() + " PCI devices need slots but only "
            + (LAST - FIRST + 1) + " are available (0x03-0x1e): use fewer virtio disks or SCSI controllers"));
  }

  /** The root bus id: pci.0 on pc, pcie.0 on q35. */
  static String rootBus(boolean q35) {
    return q35 ? "pcie.0" : "pci.0";
  }
}
