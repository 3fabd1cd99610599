package io.virtnode.api.v1alpha1;

/** Guest buses a disk can sit on. */
public enum DiskBus { virtio, scsi, sata }
