package io.virtnode.node.pci;

/** The step of a binding change that failed, with the CamelCase reason a condition shows for it. */
public enum BindStep {
  FIND_DEVICE("DeviceNotFound"),
  CHECK_IOMMU_GROUP("NoIommuGroup"),
  CHECK_VFIO_DRIVER("VfioDriverMissing"),
  CHECK_CURRENT_DRIVER("UnexpectedDriver"),
  SET_OVERRIDE("OverrideFailed"),
  UNBIND("UnbindFailed"),
  BIND("BindRefused"),
  VERIFY_VFIO_NODE("VfioNodeMissing"),
  CLEAR_OVERRIDE("OverrideFailed"),
  RESTORE_DRIVER("DriverNotRestored"),
  RESET("ResetFailed"),
  READ_SYSFS("SysfsUnreadable");

  private final String reason;

  BindStep(String reason) {
    this.reason = reason;
  }

  /** The CamelCase reason, e.g. "UnbindFailed". */
  public String reason() { return reason; }
}
