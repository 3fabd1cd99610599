package io.virtnode.node.domain;

/** Where a disk's guest device sits: the bus properties of its -device / device_add. */
public sealed interface DiskPlacement {

  /** Adds bus (and address) properties to the device. */
  void addTo(DeviceProps device);

  /** The AddressBook form, e.g. "pci:0x05", "pcie-port:0", "scsi:0:3", "sata:1". */
  String address();

  /** A virtio-blk function in a slot of the root bus (pci.0 on pc, pcie.0 on q35). */
  record RootSlot(String rootBus, int slot) implements DiskPlacement {
    @Override public void addTo(DeviceProps device) {
      device.add("bus", rootBus).add("addr", Addresses.pciAddr(slot));
    }

    @Override public String address() { return Addresses.pci(slot); }
  }

  /** A virtio-blk function alone behind the k-th pcie-root-port (q35's hot-plug place). */
  record RootPort(int port) implements DiskPlacement {
    @Override public void addTo(DeviceProps device) {
      device.add("bus", DeviceIds.rootPort(port)).add("addr", Addresses.pciAddr(0));
    }

    @Override public String address() { return Addresses.pciePort(port); }
  }

  /** A scsi-hd unit on a controller's bus; channel=0 is given on virtio-scsi only. */
  record Scsi(int controller, String controllerId, boolean virtioScsi, int unit) implements DiskPlacement {
    @Override public void addTo(DeviceProps device) {
      device.add("bus", controllerId + ".0");
      if (virtioScsi) {
        device.add("channel", 0L);
      }
      device.add("scsi-id", (long) unit).add("lun", 0L);
    }

    @Override public String address() { return Addresses.scsi(controller, unit); }
  }

  /** An ide-hd on a SATA port (ich9-ahci or q35's built-in ide bus). */
  record Sata(String bus, int port) implements DiskPlacement {
    @Override public void addTo(DeviceProps device) {
      device.add("bus", bus + "." + port);
    }

    @Override public String address() { return Addresses.sata(port); }
  }
}
