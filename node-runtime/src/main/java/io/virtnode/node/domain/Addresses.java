package io.virtnode.node.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Formats and parses the address strings kept in an {@link AddressBook}. */
final class Addresses {
  private static final Pattern PCI = Pattern.compile("pci:0x([0-9a-f]{2})");
  private static final Pattern SCSI = Pattern.compile("scsi:(\\d{1,3}):(\\d{1,2})");
  private static final Pattern SATA = Pattern.compile("sata:(\\d)");
  private static final Pattern PCIE_PORT = Pattern.compile("pcie-port:(\\d{1,2})");
  private static final Pattern VIRTIO_SERIAL = Pattern.compile("virtio-serial:0:(\\d{1,2})");

  private Addresses() {}

  static String pci(int slot) { return String.format("pci:0x%02x", slot); }

  /** A device alone on the k-th pcie-root-port (q35 hotplug), e.g. "pcie-port:0". */
  static String pciePort(int port) { return "pcie-port:" + port; }

  static Integer parsePciePort(String address) {
    Matcher m = match(PCIE_PORT, address);
    return m == null ? null : Integer.parseInt(m.group(1));
  }

  static String scsi(int controller, int unit) { return "scsi:" + controller + ":" + unit; }

  static String sata(int port) { return "sata:" + port; }

  static String virtioSerial(int port) { return "virtio-serial:0:" + port; }

  /** The PCI slot of a "pci:0xNN" address, or null when the address is absent or of another kind. */
  static Integer parsePci(String address) {
    Matcher m = match(PCI, address);
    return m == null ? null : Integer.parseInt(m.group(1), 16);
  }

  /** {controller, unit} of a "scsi:C:U" address, or null. */
  static int[] parseScsi(String address) {
    Matcher m = match(SCSI, address);
    return m == null ? null : new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  static Integer parseSata(String address) {
    Matcher m = match(SATA, address);
    return m == null ? null : Integer.parseInt(m.group(1));
  }

  static Integer parseVirtioSerial(String address) {
    Matcher m = match(VIRTIO_SERIAL, address);
    return m == null ? null : Integer.parseInt(m.group(1));
  }

  /** The PCI slot as QEMU's addr= property, e.g. 0x05. */
  static String pciAddr(int slot) { return String.format("0x%x", slot); }

  private static Matcher match(Pattern p, String address) {
    if (address == null) {
      return null;
    }
    Matcher m = p.matcher(address);
    return m.matches() ? m : null;
  }
}
