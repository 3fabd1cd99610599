/**
 * The host side of PCI passthrough: {@link io.virtnode.node.pci.PciInventory} lists the bus from sysfs,
 * {@link io.virtnode.node.pci.HostCriticalScanner} finds the devices the host itself needs,
 * {@link io.virtnode.node.pci.DetachPolicy} decides whether a move is allowed, and
 * {@link io.virtnode.node.pci.PciBinder} moves a device between its host driver and vfio-pci. Everything takes
 * its roots (/sys, /dev, /proc) injected, so the same code runs on the emulated bus of
 * {@code io.virtnode.node.pci.emulated}.
 */
package io.virtnode.node.pci;
