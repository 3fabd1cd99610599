package io.virtnode.node.domain;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every guest address of a spec: SCSI units (and the controllers they need), SATA ports, virtio-serial
 * ports, q35's spare pcie-root-ports and PCI slots, each kept from the previous {@link AddressBook} where
 * still valid. A virtio disk that sat on a root port keeps it; disks in onRootPorts (hot-plugged on q35)
 * get the lowest free one.
 */
record DeviceLayout(
    ScsiAddressing.Result scsi,
    Map<String, Integer> sataPorts,
    Map<String, Integer> channelPorts,
    Map<String, Integer> pciSlots,
    Map<String, Integer> diskRootPorts,
    int rootPorts,
    boolean sataController,
    boolean virtioSerial) {

  static DeviceLayout assign(DomainSpec spec, AddressBook previous) throws PlanException {
    return assign(spec, previous, Set.of());
  }

  static DeviceLayout assign(DomainSpec spec, AddressBook previous, Set<String> onRootPorts)
      throws PlanException {
    boolean q35 = "q35".equals(spec.machine());
    List<String> scsiDisks = diskIds(spec, DiskBus.SCSI);
    List<String> sataDisks = diskIds(spec, DiskBus.SATA);
    ScsiAddressing.Result scsi = ScsiAddressing.assign(spec.scsiControllers(), scsiDisks, previous);
    Map<String, Integer> sata = StableAssigner.assign(sataDisks, id -> Addresses.parseSata(previous.get(id)), 0,
        SpecChecks.MAX_SATA_PORTS - 1, Set.of(), new PlanException("TooManyDisks",
            sataDisks.size() + " sata disks do not fit the 6 SATA ports: move some to bus virtio or scsi"));
    Map<String, Integer> channels = ChannelPorts.assign(spec.channels(), previous);
    boolean sataController = !q35 && !sataDisks.isEmpty();
    boolean virtioSerial = !spec.consoles().isEmpty() || !spec.channels().isEmpty();
    int rootPorts = q35 ? spec.pcieRootPorts() : 0;

    List<String> virtioDisks = diskIds(spec, DiskBus.VIRTIO);
    List<String> portDisks = new ArrayList<>();
    for (String id : virtioDisks) {
      Integer port = Addresses.parsePciePort(previous.get(id));
      if ((port != null && port < rootPorts) || (rootPorts > 0 && onRootPorts.contains(id))) {
        portDisks.add(id);
      }
    }
    Map<String, Integer> diskRootPorts = StableAssigner.assign(portDisks,
        id -> Addresses.parsePciePort(previous.get(id)), 0, rootPorts - 1, Set.of(),
        new PlanException("NoFreePcieRootPort", "all " + rootPorts + " pcie-root-ports of the VM are in use:"
            + " raise pcieRootPorts (takes effect at the next restart) or unplug a disk first"));

    List<String> pciDevices = new ArrayList<>();
    if (sataController) {
      pciDevices.add(DeviceIds.SATA);
    }
    scsi.controllers().forEach(c -> pciDevices.add(c.id()));
    if (virtioSerial) {
      pciDevices.add(DeviceIds.VIRTIO_SERIAL);
    }
    virtioDisks.stream().filter(id -> !diskRootPorts.containsKey(id)).forEach(pciDevices::add);
    for (int i = 0; i < rootPorts; i++) {
      pciDevices.add(DeviceIds.rootPort(i));
    }
    Map<String, Integer> pci = PciSlots.assign(pciDevices, previous);
    return new DeviceLayout(scsi, sata, channels, pci, diskRootPorts, rootPorts, sataController, virtioSerial);
  }

  /** Where disk sits, given the root bus id. */
  DiskPlacement placement(DiskSpec disk, String rootBus, boolean q35) {
    String id = DeviceIds.disk(disk.name());
    return switch (disk.bus()) {
      case VIRTIO -> diskRootPorts.containsKey(id) ? new DiskPlacement.RootPort(diskRootPorts.get(id))
          : new DiskPlacement.RootSlot(rootBus, pciSlots.get(id));
      case SCSI -> {
        ScsiAddressing.Unit unit = scsi.units().get(id);
        ScsiAddressing.Controller c = scsi.controllers().get(unit.controller());
        yield new DiskPlacement.Scsi(c.index(), c.id(), c.model() == ScsiControllerSpec.Model.VIRTIO_SCSI,
            unit.unit());
      }
      case SATA -> new DiskPlacement.Sata(q35 ? "ide" : DeviceIds.SATA, sataPorts.get(id));
    };
  }

  /** The addresses as AddressBook entries (sorted by id). */
  Map<String, String> entries(DomainSpec spec) {
    Map<String, String> book = new LinkedHashMap<>();
    if (spec.vnc() != null) {
      book.put(DeviceIds.VIDEO, Addresses.pci(PciSlots.VIDEO_SLOT));
    }
    pciSlots.forEach((id, slot) -> book.put(id, Addresses.pci(slot)));
    diskRootPorts.forEach((id, port) -> book.put(id, Addresses.pciePort(port)));
    scsi.units().forEach((id, u) -> book.put(id, Addresses.scsi(u.controller(), u.unit())));
    sataPorts.forEach((id, port) -> book.put(id, Addresses.sata(port)));
    spec.consoles().forEach(c -> book.put(DeviceIds.console(c.name()), Addresses.virtioSerial(0)));
    channelPorts.forEach((name, port) -> book.put(DeviceIds.channel(name), Addresses.virtioSerial(port)));
    return book;
  }

  private static List<String> diskIds(DomainSpec spec, DiskBus bus) {
    List<String> ids = new ArrayList<>();
    for (DiskSpec disk : spec.disks()) {
      if (disk.bus() == bus) {
        ids.add(DeviceIds.disk(disk.name()));
      }
    }
    return ids;
  }
}
