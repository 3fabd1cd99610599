package io.virtnode.node.domain;

/** QEMU ids of devices, chardevs and block nodes, which are also the keys of the {@link AddressBook}. */
final class DeviceIds {
  static final String VIDEO = "video0";
  static final String VIRTIO_SERIAL = "vserial0";
  static final String SATA = "sata0";
  static final String MONITOR = "monitor";
  static final String AUDIO = "audio0";

  private DeviceIds() {}

  /** The k-th spare pcie-root-port (q35), a bus of its own for one hot-plugged device. */
  static String rootPort(int index) { return "rp" + index; }

  static String disk(String name) { return "disk-" + name; }

  static String diskFile(String name) { return "file-" + name; }

  static String channel(String name) { return "channel-" + name; }

  static String serial(String name) { return "serial-" + name; }

  static String parallel(String name) { return "parallel-" + name; }

  static String console(String name) { return "console-" + name; }

  /** The chardev id of a char device, e.g. chr-serial-ttyS0. */
  static String chardev(String kind, String name) { return "chr-" + kind + "-" + name; }
}
