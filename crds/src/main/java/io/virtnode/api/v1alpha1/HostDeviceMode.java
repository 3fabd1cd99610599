package io.virtnode.api.v1alpha1;

/** Who drives a host PCI device: its host driver, or vfio-pci so a VM can be given it. */
public enum HostDeviceMode { Host, Passthrough }
