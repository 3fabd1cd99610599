package io.virtnode.node.pci;

import java.util.List;
import java.util.Optional;

/**
 * libvirt's refusal rules for moving a PCI device, as a pure function of the inventory, the assignments of
 * active VMs and the host's dependencies:
 * <ul>
 *   <li>a device held by an active VM is not moved, in either direction (InUse, naming the VM);</li>
 *   <li>nor is one whose IOMMU group has a member held by another VM: the group moves as one (InUse);</li>
 *   <li>a device is not given to VMs when it, or a member of its group, backs a mounted filesystem, a swap or
 *       an interface that is up (HostCritical, naming what depends on it);</li>
 *   <li>nor without an IOMMU group (NoIommuGroup), nor when it is a PCI bridge (UnsupportedDevice).</li>
 * </ul>
 * The requester is the VM a managed move is made for (its own start or stop): its own holdings do not count.
 */
public final class DetachPolicy {
  private DetachPolicy() {}

  /** May device be moved to mode, for requester (empty: an administrator's mode change)? */
  public static DetachDecision decide(PciDevice device, BindingMode mode, Optional<VmRef> requester,
      DeviceAssignments assignments, HostCriticality host) {
    Optional<VmRef> holder = assignments.holder(device.address()).filter(vm -> !requester.equals(Optional.of(vm)));
    if (holder.isPresent()) {
      return DetachDecision.refuse(DetachDecision.IN_USE, device.address() + " is assigned to VM " + holder.get()
          + "; stop that VM or remove the device from it before changing its binding");
    }
    for (PciAddress member : device.iommuGroupMembers()) {
      if (member.equals(device.address())) {
        continue;
      }
      Optional<VmRef> other = assignments.holder(member).filter(vm -> !requester.equals(Optional.of(vm)));
      if (other.isPresent()) {
        return DetachDecision.refuse(DetachDecision.IN_USE, "IOMMU group " + group(device) + " of "
            + device.address() + " also holds " + member + ", assigned to VM " + other.get()
            + "; a group's devices move together, so stop that VM first");
      }
    }
    if (mode == BindingMode.HOST) {
      return DetachDecision.allow();
    }
    List<String> dependents = host.throughGroup(device);
    if (!dependents.isEmpty()) {
      return DetachDecision.refuse(DetachDecision.HOST_CRITICAL, device.address() + " is needed by the host: "
          + String.join("; ", dependents) + "; it is never detached from its host driver");
    }
    if (device.iommuGroup().isEmpty()) {
      return DetachDecision.refuse(DetachDecision.NO_IOMMU_GROUP, device.address() + " has no IOMMU group;"
          + " enable the IOMMU (intel_iommu=on or amd_iommu=on) to pass it through");
    }
    if (device.isBridge()) {
      return DetachDecision.refuse(DetachDecision.UNSUPPORTED_DEVICE, device.address()
          + " is a PCI bridge; bridges are not assigned to VMs, assign the devices behind it");
    }
    return DetachDecision.allow();
  }

  private static String group(PciDevice d) {
    return d.iommuGroup().isPresent() ? String.valueOf(d.iommuGroup().getAsInt()) : "-";
  }
}
