package io.virtnode.api.v1alpha1;

/** Condition types and reasons of a HostDevice. */
public final class HostDeviceConditions {
  /** True when the device is bound as its mode asks (and, in Passthrough, /dev/vfio/GROUP exists). */
  public static final String READY = "Ready";
  /** True while the mode asked for cannot be applied; the reason says why, the message names the culprit. */
  public static final String BLOCKED = "Blocked";
  /** Blocked: a VM holds the device. */
  public static final String IN_USE = "InUse";
  /** Blocked: the host needs the device or a member of its IOMMU group. */
  public static final String HOST_CRITICAL = "HostCritical";
  /** Blocked: another device of the IOMMU group is held by a different VM. */
  public static final String GROUP_IN_USE = "GroupInUse";

  private HostDeviceConditions() {}
}
