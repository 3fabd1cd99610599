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

  private Bounds() {}
}
