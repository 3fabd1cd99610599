package io.virtnode.node.domain;

import java.util.List;

/**
 * What to run, in host terms and free of Kubernetes: the input of {@link DomainPlanner}.
 *
 * @param name unique, QEMU-safe VM name on this node (e.g. "default_web")
 * @param uuid SMBIOS UUID given to the guest (the resource's uid)
 * @param machine QEMU machine type, "pc" or "q35"
 * @param vnc null for no display
 * @param startPaused start with CPUs stopped and leave them stopped
 */
public record DomainSpec(
    String name,
    String uuid,
    int cpus,
    long memoryMiB,
    String machine,
    List<DiskSpec> disks,
    List<ScsiControllerSpec> scsiControllers,
    List<CharDeviceSpec> serials,
    List<CharDeviceSpec> consoles,
    List<CharDeviceSpec> parallels,
    List<ChannelSpec> channels,
    VncSpec vnc,
    boolean startPaused) {

  public DomainSpec {
    disks = List.copyOf(disks);
    scsiControllers = List.copyOf(scsiControllers);
    serials = List.copyOf(serials);
    consoles = List.copyOf(consoles);
    parallels = List.copyOf(parallels);
    channels = List.copyOf(channels);
  }
}
