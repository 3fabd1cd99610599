package io.virtnode.node.pci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A device now bound to vfio-pci.
 *
 * @param device the device
 * @param previousDriver the driver it had before (empty: none); the claim to give it back to on reattach
 * @param iommuGroup its IOMMU group
 * @param vfioGroupNode /dev/vfio/GROUP, which QEMU opens
 * @param alreadyPassthrough true when it was bound to vfio-pci before the call (nothing was written)
 */
public record PassthroughBinding(PciAddress device, Optional<String> previousDriver, int iommuGroup,
    Path vfioGroupNode, boolean alreadyPassthrough) {}
