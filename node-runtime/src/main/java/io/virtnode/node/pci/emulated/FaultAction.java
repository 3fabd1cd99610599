package io.virtnode.node.pci.emulated;

/** The driver-core actions a fault can be injected into. */
public enum FaultAction {
  /** Writing the device to its driver's unbind file (e.g. EBUSY while the driver will not let go). */
  UNBIND,
  /** A driver's probe of the device, through bind, drivers_probe or new_id (the bind is refused). */
  PROBE,
  /** Writing 1 to the device's reset file (the function reset fails). */
  RESET
}
