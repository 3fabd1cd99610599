package io.virtnode.node.domain;

import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QemuArgv;
import io.virtnode.node.qemu.QemuOptions;
import java.util.List;
import java.util.Locale;

/**
 * A disk as QEMU objects: a protocol node (file-NAME: file or host_device), a format node (disk-NAME: raw or
 * qcow2) and a guest device at a {@link DiskPlacement}. Rendered as -blockdev/-device at start and as
 * blockdev-add/device_add for hotplug, from the same properties.
 */
public record DiskDevice(DiskSpec disk, DiskPlacement placement) {

  /** Device id and format node name (the node name BLOCK_IO_ERROR reports). */
  public String id() { return DeviceIds.disk(disk.name()); }

  /** The protocol node's name. */
  public String fileNodeName() { return DeviceIds.diskFile(disk.name()); }

  /** The protocol node on source: the image path, or /dev/fdset/N when the file comes as an fd. */
  public DeviceProps protocolNode(String source) {
    return access(new DeviceProps().add("driver", disk.block() ? "host_device" : "file").add("filename", source)
        .add("node-name", fileNodeName()));
  }

  /** The format node over the protocol node. */
  public DeviceProps formatNode() {
    return access(new DeviceProps().add("driver", disk.format().name().toLowerCase(Locale.ROOT))
        .add("file", fileNodeName()).add("node-name", id()));
  }

  /** Read-only disks are read-only on both layers; writable ones pass discards down. */
  private DeviceProps access(DeviceProps layer) {
    return disk.readOnly() ? layer.add("read-only", true) : layer.add("discard", "unmap");
  }

  /** The guest device. */
  public DeviceProps device() {
    return switch (disk.bus()) {
      case VIRTIO -> {
        DeviceProps d = DeviceProps.driver("virtio-blk-pci").add("drive", id()).add("id", id());
        placement.addTo(d);
        yield d;
      }
      case SCSI -> {
        DeviceProps d = DeviceProps.driver("scsi-hd");
        placement.addTo(d);
        yield d.add("drive", id()).add("id", id());
      }
      case SATA -> {
        DeviceProps d = DeviceProps.driver("ide-hd");
        placement.addTo(d);
        yield d.add("drive", id()).add("id", id());
      }
    };
  }

  /** Appends both nodes; with fdIndex &gt;= 0 the image comes from an inherited fd ({@link DiskFds}). */
  public void appendBlockdevs(QemuArgv argv, int fdIndex) {
    String source = disk.path().toString();
    if (fdIndex >= 0) {
      argv.option("-add-fd", QemuOptions.keys().add("fd", DiskFds.qemuFd(fdIndex))
          .add("set", DiskFds.fdset(fdIndex)).add("opaque", id()));
      source = "/dev/fdset/" + DiskFds.fdset(fdIndex);
    }
    argv.option("-blockdev", protocolNode(source).keyOption());
    argv.option("-blockdev", formatNode().keyOption());
  }

  /** Appends the guest device. */
  public void appendDevice(QemuArgv argv) {
    argv.option("-device", device().deviceOption());
  }

  /** blockdev-add of the protocol node then the format node; undo is blockdev-del in reverse. */
  public List<Qmp.BlockdevAdd> blockdevAdds(String source) {
    return List.of(new Qmp.BlockdevAdd(protocolNode(source).json()), new Qmp.BlockdevAdd(formatNode().json()));
  }

  /** device_add of the guest device. */
  public Qmp.DeviceAdd deviceAdd() { return new Qmp.DeviceAdd(device().json()); }
}
