package io.virtnode.node.qemu;

/** Capability flags of a QEMU binary, each probed over QMP or from -help. */
public enum QemuCapability {
  /** -blockdev is accepted (query-command-line-options / blockdev-add). */
  BLOCKDEV,
  /** -sandbox is accepted. */
  SANDBOX,
  /** -audiodev is accepted. */
  AUDIODEV,
  /** -incoming defer works (from -help, QMP does not list -incoming). */
  INCOMING,
  /** The MIGRATION event is available via the events migration capability. */
  MIGRATION_EVENT,
  /** chardev file backend takes append=on. */
  CHARDEV_FILE_APPEND,
  /** getfd and add-fd commands exist. */
  FD_PASSING,
  /** block-export-add exists (NBD export for storage migration). */
  BLOCK_EXPORT,
  /** /dev/kvm is usable; not a QMP fact (query-kvm says present without it). */
  KVM,
  DEVICE_VIRTIO_BLK,
  DEVICE_VIRTIO_SCSI,
  DEVICE_LSI,
  DEVICE_AHCI,
  DEVICE_VIRTIO_SERIAL,
  DEVICE_ISA_SERIAL,
  DEVICE_ISA_PARALLEL,
  DEVICE_VGA,
  VNC
}
