package io.virtnode.node.pci;

/** Where a device should be: given to VMs through vfio-pci, or with its host driver. */
public enum BindingMode { PASSTHROUGH, HOST }
