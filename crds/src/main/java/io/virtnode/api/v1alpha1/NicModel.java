package io.virtnode.api.v1alpha1;

/** The guest NIC QEMU emulates: virtio-net-pci, e1000 or rtl8139. */
public enum NicModel { virtio, e1000, rtl8139 }
