package io.virtnode.node.pci;

/**
 * The policy's answer: allowed, or refused with a CamelCase reason (InUse, HostCritical, NoIommuGroup,
 * UnsupportedDevice) and a message a person can act on.
 */
public record DetachDecision(boolean allowed, String reason, String message) {
  public static final String IN_USE = "InUse";
  public static final String HOST_CRITICAL = "HostCritical";
  public static final String NO_IOMMU_GROUP = "NoIommuGroup";
  public static final String UNSUPPORTED_DEVICE = "UnsupportedDevice";

  static DetachDecision allow() { return new DetachDecision(true, "", ""); }

  static DetachDecision refuse(String reason, String message) { return new DetachDecision(false, reason, message); }
}
