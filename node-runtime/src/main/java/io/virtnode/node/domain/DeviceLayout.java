package io.virtnode.node.domain;

import io.virtnode.node.domain.DiskSpec.DiskBus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every guest address of a spec: SCSI units (and the controllers they need), SATA ports, virtio-serial
 * ports and PCI slots, each kept from the previous {@link AddressBook} where still valid.
 */
record DeviceLayout(
    ScsiAddressing.Result scsi,
    Map<String, Integer> sataPorts,
    Map<String, Integer> channelPorts,
    Map<String, Integer> pciSlots,
    boolean sataController,
    boolean virtioSerial) {

  static DeviceLayout assign(DomainSpec spec, AddressBook previous) throws PlanException {
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

    List<String> pciDevices = new ArrayList<>();
    if (sataController) {
      pciDevices.add(DeviceIds.SATA);
    }
    scsi.controllers().forEach(c -> pciDevices.add(c.id()));
    if (virtioSerial) {
      pciDevices.add(DeviceIds.VIRTIO_SERIAL);
    }
    pciDevices.addAll(diskIds(spec, DiskBus.VIRTIO));
    Map<String, Integer> pci = PciSlots.assign(pciDevices, previous);
    return new DeviceLayout(scsi, sata, channels, pci, sataController, virtioSerial);
  }

  /** The addresses as AddressBook entries (sorted by id). */
  Map<String, String> entries(DomainSpec spec) {
    Map<String, String> book = new LinkedHashMap<>();
    if (spec.vnc() != null) {
      book.put(DeviceIds.VIDEO, Addresses.pci(PciSlots.VIDEO_SLOT));
    }
    pciSlots.forEach((id, slot) -> book.put(id, Addresses.pci(slot)));
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
