package io.virtnode.node.domain;

import io.virtnode.node.qemu.QemuArgv;
import io.virtnode.node.qemu.QemuOptions;
import java.util.Locale;

/** The two -blockdev layers (protocol node file-N, format node disk-N) and the guest device of a disk. */
final class DiskArgs {
  private DiskArgs() {}

  /** Appends the protocol and format nodes; read-only disks are read-only on both layers. */
  static void blockdevs(QemuArgv argv, DiskSpec disk) {
    String file = DeviceIds.diskFile(disk.name());
    QemuOptions protocol = QemuOptions.keys()
        .add("driver", disk.block() ? "host_device" : "file")
        .add("filename", disk.path().toString())
        .add("node-name", file);
    argv.option("-blockdev", layerAccess(protocol, disk));
    QemuOptions format = QemuOptions.keys()
        .add("driver", disk.format().name().toLowerCase(Locale.ROOT))
        .add("file", file)
        .add("node-name", DeviceIds.disk(disk.name()));
    argv.option("-blockdev", layerAccess(format, disk));
  }

  private static QemuOptions layerAccess(QemuOptions layer, DiskSpec disk) {
    return disk.readOnly() ? layer.add("read-only", true) : layer.add("discard", "unmap");
  }

  static QemuOptions virtio(DiskSpec disk, String bus, int slot) {
    String id = DeviceIds.disk(disk.name());
    return QemuOptions.of("virtio-blk-pci").add("drive", id).add("id", id).add("bus", bus)
        .add("addr", Addresses.pciAddr(slot));
  }

  static QemuOptions scsi(DiskSpec disk, ScsiAddressing.Controller controller, int unit) {
    String id = DeviceIds.disk(disk.name());
    QemuOptions device = QemuOptions.of("scsi-hd").add("bus", controller.id() + ".0");
    if (controller.model() == ScsiControllerSpec.Model.VIRTIO_SCSI) {
      device.add("channel", 0);
    }
    return device.add("scsi-id", unit).add("lun", 0).add("drive", id).add("id", id);
  }

  static QemuOptions sata(DiskSpec disk, String bus) {
    String id = DeviceIds.disk(disk.name());
    return QemuOptions.of("ide-hd").add("bus", bus).add("drive", id).add("id", id);
  }
}
