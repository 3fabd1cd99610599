package io.virtnode.node.domain;

import io.virtnode.node.domain.ScsiControllerSpec.Model;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuArgv;
import io.virtnode.node.qemu.QemuCapability;
import java.util.List;

/** Appends block nodes, controllers, disks and char devices of a laid-out spec, in a stable order. */
final class DeviceArgs {
  private final DomainSpec spec;
  private final Capabilities caps;
  private final DeviceLayout layout;
  private final String rootBus;

  private final boolean diskFds;
  private final RuntimePaths paths;

  DeviceArgs(DomainSpec spec, Capabilities caps, DeviceLayout layout, String rootBus, boolean diskFds,
      RuntimePaths paths) {
    this.diskFds = diskFds;
    this.paths = paths;
    this.spec = spec;
    this.caps = caps;
    this.layout = layout;
    this.rootBus = rootBus;
  }

  void append(QemuArgv argv) throws PlanException {
    for (int i = 0; i < spec.disks().size(); i++) {
      disk(spec.disks().get(i)).appendBlockdevs(argv, diskFds ? i : -1);
    }
    if (spec.vnc() != null) {
      SpecChecks.require(caps, QemuCapability.DEVICE_VGA, "the VGA device");
      argv.option("-device", DeviceProps.driver("VGA").add("id", DeviceIds.VIDEO).add("bus", rootBus)
          .add("addr", Addresses.pciAddr(PciSlots.VIDEO_SLOT)).deviceOption());
    }
    controllers(argv);
    disks(argv);
    charDevices(argv);
  }

  private void controllers(QemuArgv argv) throws PlanException {
    if (layout.sataController()) {
      SpecChecks.require(caps, QemuCapability.DEVICE_AHCI, "the ich9-ahci SATA controller");
      argv.option("-device", pciDevice("ich9-ahci", DeviceIds.SATA).deviceOption());
    }
    for (ScsiAddressing.Controller c : layout.scsi().controllers()) {
      boolean virtio = c.model() == Model.VIRTIO_SCSI;
      SpecChecks.require(caps, virtio ? QemuCapability.DEVICE_VIRTIO_SCSI : QemuCapability.DEVICE_LSI,
          "SCSI controller " + c.model().qemuDevice());
      argv.option("-device", pciDevice(c.model().qemuDevice(), c.id()).deviceOption());
    }
    if (layout.virtioSerial()) {
      SpecChecks.require(caps, QemuCapability.DEVICE_VIRTIO_SERIAL, "virtio-serial-pci");
      argv.option("-device", pciDevice("virtio-serial-pci", DeviceIds.VIRTIO_SERIAL)
          .add("max_ports", (long) ChannelPorts.MAX_PORTS).deviceOption());
    }
    for (int i = 0; i < layout.rootPorts(); i++) {
      argv.option("-device", rootPort(i, layout.pciSlots().get(DeviceIds.rootPort(i)), rootBus).deviceOption());
    }
  }

  /**
   * The k-th spare pcie-root-port: chassis k+1 (unique per port, as QEMU requires) and PCIe port number
   * 16+k, as libvirt numbers them.
   */
  static DeviceProps rootPort(int index, int slot, String rootBus) {
    return DeviceProps.driver("pcie-root-port").add("id", DeviceIds.rootPort(index)).add("bus", rootBus)
        .add("addr", Addresses.pciAddr(slot)).add("chassis", (long) index + 1).add("port", (long) 16 + index);
  }

  /** The typed device of a disk, at its laid-out place. */
  DiskDevice disk(DiskSpec disk) {
    return new DiskDevice(disk, layout.placement(disk, rootBus, "q35".equals(spec.machine())));
  }

  /** A controller in its laid-out slot of the root bus (SATA, SCSI, virtio-serial). */
  DeviceProps pciDevice(String driver, String id) {
    return DeviceProps.driver(driver).add("id", id).add("bus", rootBus)
        .add("addr", Addresses.pciAddr(layout.pciSlots().get(id)));
  }

  private void disks(QemuArgv argv) throws PlanException {
    for (DiskSpec disk : spec.disks()) {
      if (disk.bus() == DiskSpec.DiskBus.VIRTIO) {
        SpecChecks.require(caps, QemuCapability.DEVICE_VIRTIO_BLK, "virtio-blk-pci");
      }
      disk(disk).appendDevice(argv);
    }
  }

  private void charDevices(QemuArgv argv) throws PlanException {
    List<CharDeviceSpec> serials = spec.serials();
    for (int i = 0; i < serials.size(); i++) {
      SpecChecks.require(caps, QemuCapability.DEVICE_ISA_SERIAL, "isa-serial");
      CharDeviceSpec s = serials.get(i);
      String chr = DeviceIds.chardev("serial", s.name());
      append(argv, charDevice(chr, s.backend(), DeviceProps.driver("isa-serial").add("chardev", chr)
          .add("id", DeviceIds.serial(s.name())).add("index", (long) i)));
    }
    List<CharDeviceSpec> parallels = spec.parallels();
    for (int i = 0; i < parallels.size(); i++) {
      SpecChecks.require(caps, QemuCapability.DEVICE_ISA_PARALLEL, "isa-parallel");
      CharDeviceSpec p = parallels.get(i);
      String chr = DeviceIds.chardev("parallel", p.name());
      append(argv, charDevice(chr, p.backend(), DeviceProps.driver("isa-parallel").add("chardev", chr)
          .add("id", DeviceIds.parallel(p.name())).add("index", (long) i)));
    }
    for (CharDeviceSpec console : spec.consoles()) {
      String chr = DeviceIds.chardev("console", console.name());
      append(argv, charDevice(chr, console.backend(), DeviceProps.driver("virtconsole").add("chardev", chr)
          .add("id", DeviceIds.console(console.name())).add("bus", VSERIAL_BUS).add("nr", 0L)));
    }
    for (ChannelSpec channel : spec.channels()) {
      append(argv, channel(channel));
    }
  }

  private static final String VSERIAL_BUS = DeviceIds.VIRTIO_SERIAL + ".0";

  /** The typed char device of a virtio-serial channel at its laid-out port. */
  CharDevice channel(ChannelSpec channel) {
    String chr = DeviceIds.chardev("channel", channel.name());
    return charDevice(chr, channel.backend(), DeviceProps.driver("virtserialport").add("chardev", chr)
        .add("id", DeviceIds.channel(channel.name())).add("name", channel.name()).add("bus", VSERIAL_BUS)
        .add("nr", (long) layout.channelPorts().get(channel.name())));
  }

  /** A char device; a File backend is drained through its socket in the runtime dir. */
  private CharDevice charDevice(String chr, CharBackendSpec backend, DeviceProps frontend) {
    boolean drained = backend != null && backend.kind() == CharBackendSpec.Kind.FILE;
    return new CharDevice(chr, backend, frontend, drained ? paths.consoleSocket(chr) : null);
  }

  private void append(QemuArgv argv, CharDevice device) throws PlanException {
    argv.option("-chardev", device.chardevOption(caps));
    argv.option("-device", device.frontend().deviceOption());
  }
}
