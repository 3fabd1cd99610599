package io.virtnode.api.v1alpha1;

/**
 * Length bounds and RE2 patterns of the API's strings, in one place. Lengths are maxLength, never regex repeat
 * counts: kube-apiserver compiles patterns with Go's RE2, and every string's bound feeds the CEL cost estimate.
 */
public final class Bounds {
  /** Longest host path: PATH_MAX (4096) less the terminating NUL. */
  public static final int PATH = 4095;
  /** An absolute path of printable characters. */
  public static final String PATH_PATTERN = "^/[^\\x00-\\x1f\\x7f]*$";
  /** A DNS label (RFC 1123). */
  public static final int DNS_LABEL = 63;
  public static final String DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  /** A DNS subdomain (RFC 1123), e.g. a node name. */
  public static final int DNS_SUBDOMAIN = 253;
  public static final String DNS_SUBDOMAIN_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
  /** Disk names become QEMU node names, which are short. */
  public static final int DISK_NAME = 26;
  /** Character-device names. */
  public static final int CHAR_DEVICE_NAME = 32;
  /** A whole number of Mi or Gi, at most seven digits. */
  public static final int SIZE = 9;
  public static final String SIZE_PATTERN = "^[1-9][0-9]{0,6}(Mi|Gi)$";
  /** A transfer rate per second: 0 (unlimited) or a whole number of Ki, Mi or Gi. */
  public static final String BANDWIDTH_PATTERN = "^(0|[1-9][0-9]{0,6}(Ki|Mi|Gi))$";
  /** Labels a nodeSelector may name. */
  public static final int NODE_SELECTOR_ENTRIES = 64;
  /** metav1.Condition's bounds: type (a qualified name), reason, message. */
  public static final int CONDITION_TYPE = 316;
  public static final String CONDITION_TYPE_PATTERN =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
  public static final int CONDITION_REASON = 1024;
  public static final String CONDITION_REASON_PATTERN = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
  public static final int CONDITION_MESSAGE = 32768;
  /** Conditions a VM carries at most. */
  public static final int CONDITIONS = 32;
  /** An RFC 3339 time. */
  public static final int TIME = 64;
  /** Short observed words such as a run state. */
  public static final int WORD = 32;
  /** One-line human-readable facts (a confinement summary, an exit reason). */
  public static final int FACT = 4096;
  /** A VNC endpoint: host:port or unix:PATH. */
  public static final int ENDPOINT = PATH + 6;
  /** Device ids (the longest: "channel-" and a 63-character channel name) and guest addresses. */
  public static final int DEVICE_ID = 128;
  public static final int GUEST_ADDRESS = 64;
  /** Devices with a guest address: disks, controllers, character devices and channels, with room to spare. */
  public static final int ADDRESSES = 256;
  /** Disks a VM can have. */
  public static final int DISKS = 64;

  /** Network interfaces a VM can have. */
  public static final int INTERFACES = 16;
  /** Host PCI devices a VM can hold. */
  public static final int HOST_DEVICES = 8;
  /**
   * A network device name on the node: at most IFNAMSIZ (16) less the NUL, no '/', ':' or white space (the
   * kernel's dev_valid_name); restricted to printable ASCII so characters and bytes count the same.
   */
  public static final int LINK_NAME = 15;
  public static final String LINK_NAME_PATTERN = "^[!-.0-9;-~]+$";
  /** A MAC address, lower-case hex pairs separated by colons. */
  public static final int MAC = 17;
  public static final String MAC_PATTERN = "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$";
  /** A guest PCI address bus:slot.function (domain 0000; slots 00-1f). */
  public static final int GUEST_PCI_ADDRESS = 7;
  public static final String GUEST_PCI_ADDRESS_PATTERN = "^[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]$";
  /** A host PCI address domain:bus:slot.function, as sysfs names it under /sys/bus/pci/devices. */
  public static final int HOST_PCI_ADDRESS = 12;
  public static final String HOST_PCI_ADDRESS_PATTERN = "^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]$";
  /** Addresses or prefixes an interface may use behind a traffic filter. */
  public static final int ALLOWED_IPS = 16;
  /** An IPv4 or IPv6 address, optionally with a prefix length (the longest: 39 + "/128"). */
  public static final int IP_OR_CIDR = 43;
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final String IPV4 = OCTET + "(\\." + OCTET + "){3}(/(3[0-2]|[12]?[0-9]))?";
  private static final String H = "[0-9a-fA-F]{1,4}";
  private static final String IPV6 = "(" + "(" + H + ":){7}" + H
      + "|(" + H + ":){1,7}:"
      + "|(" + H + ":){1,6}:" + H
      + "|(" + H + ":){1,5}(:" + H + "){1,2}"
      + "|(" + H + ":){1,4}(:" + H + "){1,3}"
      + "|(" + H + ":){1,3}(:" + H + "){1,4}"
      + "|(" + H + ":){1,2}(:" + H + "){1,5}"
      + "|" + H + ":(:" + H + "){1,6}"
      + "|:((:" + H + "){1,7}|:)"
      + ")(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?";
  /** IPv4 dotted quad without leading zeros, or IPv6 in hex groups (no zone, no embedded IPv4), each with an optional prefix. */
  public static final String IP_OR_CIDR_PATTERN = "^(" + IPV4 + "|" + IPV6 + ")$";
  /** A UUID in its canonical lower-case form. */
  public static final int UUID = 36;
  public static final String UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
  /** An 802.1Qbh port profile name: the kernel's PORT_PROFILE_MAX (40) less the NUL; printable ASCII. */
  public static final int PORT_PROFILE_ID = 39;
  public static final String PORT_PROFILE_ID_PATTERN = "^[!-~]([ -~]*[!-~])?$";
  /** VM interfaces one PortProfile's status lists at most. */
  public static final int PORT_PROFILE_USERS = 1024;
  /** Names from the PCI ID database (pci.ids). */
  public static final int PCI_NAME = 256;
  /** Devices of one IOMMU group listed in a HostDevice's status. */
  public static final int IOMMU_GROUP_MEMBERS = 256;
  /** Things on the host that depend on a device, listed in its status. */
  public static final int DEPENDENTS = 32;

  private Bounds() {}
}
