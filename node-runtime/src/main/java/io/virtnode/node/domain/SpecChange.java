package io.virtnode.node.domain;

/**
 * One difference between the running spec and the wanted one.
 *
 * @param field the DomainSpec component, e.g. "memoryMiB" or "disks"
 * @param kind what applying it takes
 * @param detail for people, e.g. "disk data added (virtio)"
 */
public record SpecChange(String field, Kind kind, String detail) {

  /** What a change takes: done live on the running QEMU, a restart of the VM, or never allowed. */
  public enum Kind { LIVE, RESTART_REQUIRED, IMMUTABLE }
}
