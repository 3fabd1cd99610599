package io.virtnode.node.pci;

/**
 * Something of the host that needs a PCI device's driver: a mounted filesystem, an active swap or a network
 * interface that is up. A device any of these depend on is host-critical and never detached.
 *
 * @param kind what depends on the device
 * @param subject the mount point, swap file or interface name
 * @param detail how it reaches the device, e.g. "ext4 from /dev/vda" or "up, carries the default route"
 */
public record HostDependency(Kind kind, String subject, String detail) {
  /** The kinds of host use that make a device host-critical. */
  public enum Kind { FILESYSTEM, SWAP, NETWORK_INTERFACE }

  @Override
  public String toString() {
    String what = switch (kind) {
      case FILESYSTEM -> "filesystem " + subject;
      case SWAP -> "swap " + subject;
      case NETWORK_INTERFACE -> "network interface " + subject;
    };
    return what + " (" + detail + ")";
  }
}
