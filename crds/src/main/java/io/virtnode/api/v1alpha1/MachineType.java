package io.virtnode.api.v1alpha1;

/** QEMU machine types served. */
public enum MachineType { pc, q35 }
