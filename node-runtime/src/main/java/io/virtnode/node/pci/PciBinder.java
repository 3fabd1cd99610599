package io.virtnode.node.pci;

import java.util.Optional;

/**
 * Moves a PCI device between its host driver and vfio-pci. Mechanical: whether a move is allowed is
 * {@link DetachPolicy}'s call, made before. Every failure leaves the device bound to the driver it had before
 * the call (or reports, in the exception, what it is left with) and is a {@link PciBindException}.
 */
public interface PciBinder {
  /**
   * Unbinds the device from its driver, sets driver_override=vfio-pci, re-probes and checks that
   * /dev/vfio/GROUP exists. The result names the driver it had, for the caller to record as a claim.
   */
  PassthroughBinding passthrough(PciAddress device) throws PciBindException;

  /**
   * Unbinds the device from vfio-pci, clears driver_override, re-probes and checks that originalDriver (when
   * given) is bound again. Returns the driver bound afterwards.
   */
  Optional<String> host(PciAddress device, Optional<String> originalDriver) throws PciBindException;

  /** A function-level reset through the device's reset file; the binding is not changed. */
  void reset(PciAddress device) throws PciBindException;
}
