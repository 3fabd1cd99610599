package io.virtnode.node.domain;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import io.virtnode.node.qemu.Capabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a disk hot-plugged into a running VM: the place it gets is the one a restart with the updated
 * AddressBook keeps (a free slot of pci.0 on pc, a free spare pcie-root-port on q35, a free unit of an
 * existing SCSI controller), and no device already plugged moves.
 */
public final class HotplugPlanner {

  /** The typed device to plug and the address book with its new address. */
  public record Plan(DiskDevice device, AddressBook addresses) {}

  /**
   * Places disk in the VM running spec with addresses book; PlanException NotHotpluggable for SATA disks or
   * a SCSI disk that would need a new controller, NoFreePcieRootPort when q35's spare ports are used up.
   */
  public Plan attach(DomainSpec running, AddressBook book, DiskSpec disk, Capabilities caps) throws PlanException {
    if (running.disks().stream().anyMatch(d -> d.name().equals(disk.name()))) {
      throw new PlanException("DuplicateName", "disk " + disk.name() + " is already attached");
    }
    if (disk.bus() == DiskBus.SATA) {
      throw new PlanException("NotHotpluggable", "disk " + disk.name() + " is on bus sata, which cannot be"
          + " hot-plugged: use bus virtio or scsi, or restart the VM to attach it");
    }
    List<DiskSpec> disks = new ArrayList<>(running.disks());
    disks.add(disk);
    DomainSpec wanted = running.withDisks(disks);
    SpecChecks.check(wanted, new PlanContext(null, caps, null, null, false, book));
    boolean q35 = "q35".equals(running.machine());
    String id = DeviceIds.disk(disk.name());
    if (q35 && disk.bus() == DiskBus.VIRTIO && running.pcieRootPorts() == 0) {
      throw new PlanException("NoFreePcieRootPort", "VM has no spare pcie-root-port to plug disk " + disk.name()
          + " into: set pcieRootPorts (takes effect at the next restart)");
    }
    DeviceLayout layout = DeviceLayout.assign(wanted, book, Set.of(id));
    if (disk.bus() == DiskBus.SCSI) {
      ScsiAddressing.Unit unit = layout.scsi().units().get(id);
      String controller = layout.scsi().controllers().get(unit.controller()).id();
      if (book.get(controller) == null) {
        throw new PlanException("NotHotpluggable", "disk " + disk.name() + " needs SCSI controller " + controller
            + ", which the running VM does not have: restart the VM to attach it, or use bus virtio");
      }
    }
    Map<String, String> after = layout.entries(wanted);
    for (Map.Entry<String, String> e : book.addresses().entrySet()) {
      String now = after.get(e.getKey());
      if (now != null && !now.equals(e.getValue())) {
        throw new PlanException("HotplugWouldMoveDevices", "plugging disk " + disk.name() + " would move "
            + e.getKey() + " from " + e.getValue() + " to " + now + ": restart the VM to attach it");
      }
    }
    DiskDevice device = new DiskDevice(disk, layout.placement(disk, PciSlots.rootBus(q35), q35));
    return new Plan(device, new AddressBook(after));
  }

  /** The typed device of a plugged disk, as the running VM's address book places it (for unplug). */
  public DiskDevice device(DomainSpec running, AddressBook book, String diskName) throws PlanException {
    DiskSpec disk = running.disks().stream().filter(d -> d.name().equals(diskName)).findFirst()
        .orElseThrow(() -> new PlanException("NoSuchDisk", "disk " + diskName + " is not attached"));
    boolean q35 = "q35".equals(running.machine());
    DeviceLayout layout = DeviceLayout.assign(running, book);
    return new DiskDevice(disk, layout.placement(disk, PciSlots.rootBus(q35), q35));
  }

  /** The address book without the disk's entry, once it is unplugged. */
  public static AddressBook without(AddressBook book, String diskName) {
    Map<String, String> rest = new java.util.HashMap<>(book.addresses());
    rest.remove(DeviceIds.disk(diskName));
    return new AddressBook(rest);
  }
}
