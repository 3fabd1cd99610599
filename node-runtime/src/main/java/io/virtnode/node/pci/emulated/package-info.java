/**
 * An emulated PCI bus for hosts without the hardware (tests, development mode): a model of the kernel's PCI
 * driver core ({@link io.virtnode.node.pci.emulated.EmulatedPciBus}) with fault injection, served as a sysfs
 * tree and /dev/vfio over FUSE ({@link io.virtnode.node.pci.emulated.EmulatedPciHost}), so production code
 * reads and writes it through ordinary files.
 */
package io.virtnode.node.pci.emulated;
