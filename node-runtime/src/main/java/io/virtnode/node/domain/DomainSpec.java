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
 * @param pcieRootPorts spare pcie-root-ports on q35, where disks can be hot-plugged (ignored on pc)
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
    boolean startPaused,
    int pcieRootPorts) {

  /** Root ports a q35 VM gets when the spec does not say. */
  public static final int DEFAULT_PCIE_ROOT_PORTS = 4;

  /** A spec with the default number of pcie-root-ports. */
  public DomainSpec(String name, String uuid, int cpus, long memoryMiB, String machine, List<DiskSpec> disks,
      List<ScsiControllerSpec> scsiControllers, List<CharDeviceSpec> serials, List<CharDeviceSpec> consoles,
      List<CharDeviceSpec> parallels, List<ChannelSpec> channels, VncSpec vnc, boolean startPaused) {
    this(name, uuid, cpus, memoryMiB, machine, disks, scsiControllers, serials, consoles, parallels, channels, vnc,
        startPaused, DEFAULT_PCIE_ROOT_PORTS);
  }

  /** The same spec with other disks (e.g. the running disks plus one being hot-plugged). */
  public DomainSpec withDisks(List<DiskSpec> newDisks) {
    return new DomainSpec(name, uuid, cpus, memoryMiB, machine, newDisks, scsiControllers, serials, consoles,
        parallels, channels, vnc, startPaused, pcieRootPorts);
  }

  /** The same spec with another number of pcie-root-ports. */
  public DomainSpec withPcieRootPorts(int ports) {
    return new DomainSpec(name, uuid, cpus, memoryMiB, machine, disks, scsiControllers, serials, consoles,
        parallels, channels, vnc, startPaused, ports);
  }

  public DomainSpec {
    disks = List.copyOf(disks);
    scsiControllers = List.copyOf(scsiControllers);
    serials = List.copyOf(serials);
    consoles = List.copyOf(consoles);
    parallels = List.copyOf(parallels);
    channels = List.copyOf(channels);
  }
}
