package io.virtnode.node.domain;

import io.virtnode.node.qemu.QemuArgv;
import io.virtnode.node.qemu.QemuOptions;
import java.util.Locale;

/** The two -blockdev layers (protocol node file-N, format node disk-N) and the guest device of a disk. */
final class DiskArgs {
  private DiskArgs() {}

  /**
   * Appends the protocol and format nodes; read-only disks are read-only on both layers. With fdIndex &gt;= 0
   * the image comes from an inherited fd (see {@link DiskFds}) instead of its path.
   */
  static void blockdevs(QemuArgv argv, DiskSpec disk, int fdIndex) {
    String file = DeviceIds.diskFile(disk.name());
    String source = disk.path().toString();
    if (fdIndex >= 0) {
      argv.option("-add-fd", QemuOptions.keys().add("fd", DiskFds.qemuFd(fdIndex))
          .add("set", DiskFds.fdset(fdIndex)).add("opaque", DeviceIds.disk(disk.name())));
      source = "/dev/fdset/" + DiskFds.fdset(fdIndex);
    }
    QemuOptions protocol = QemuOptions.keys()
        .add("driver", disk.block() ? "host_device" : "file")
        .add("filename", source)
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
