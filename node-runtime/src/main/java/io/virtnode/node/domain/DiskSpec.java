package io.virtnode.node.domain;

import java.nio.file.Path;

/** One disk: an image file or a block device, its format, bus and access mode. */
public record DiskSpec(String name, Path path, boolean block, DiskFormat format, DiskBus bus, boolean readOnly) {

  /** Image formats. */
  public enum DiskFormat { RAW, QCOW2 }

  /** Guest buses. */
  public enum DiskBus { VIRTIO, SCSI, SATA }
}
