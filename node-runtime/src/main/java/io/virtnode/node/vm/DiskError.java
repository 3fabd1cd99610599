package io.virtnode.node.vm;

/**
 * The last I/O error QEMU reported for a disk of a running VM (BLOCK_IO_ERROR), until the guest's CPUs resume.
 *
 * @param disk the spec's disk name (the node name when the record maps it to none)
 * @param operation "read" or "write"
 * @param reason the OS's text, e.g. "No space left on device"
 * @param stoppedGuest QEMU paused the guest on this error (paused-on-error)
 */
public record DiskError(String disk, String operation, String reason, boolean stoppedGuest) {}
