package io.virtnode.node.cgroup;

import java.io.IOException;

/** Per-VM cgroups: creation with limits, a device allow-list kept in step with hotplug, teardown. */
public interface CgroupManager {
  /** Creates (or adopts, if it exists) the VM's cgroup with a deny-all device ACL, and applies limits. */
  VmCgroup create(String vmId, Limits limits) throws IOException;

  /** Replaces the VM's device ACL; never briefly allows more than the old or the new ACL. */
  void setDeviceAcl(String vmId, DeviceAcl acl) throws IOException;

  /** The ACL in force, as this manager last set it (v1: as the kernel lists it). */
  DeviceAcl deviceAcl(String vmId) throws IOException;

  /**
   * After an agent restart: the ACL the agent recorded as in force for an existing cgroup, so allow and deny
   * work again. v1 lists it in the kernel (nothing to adopt); v2 cannot read a BPF program back.
   */
  default void adoptDeviceAcl(String vmId, DeviceAcl acl) throws IOException { }

  /** Adds a rule (before a device_add). */
  void allow(String vmId, DeviceRule rule) throws IOException;

  /** Removes a rule's access (after DEVICE_DELETED). */
  void deny(String vmId, DeviceRule rule) throws IOException;

  /** Pids in the VM's cgroup (empty when it does not exist): a VM's QEMU is found there even without a record. */
  java.util.List<Long> processes(String vmId) throws IOException;

  /** Moves a process (all its threads) into the VM's cgroup. */
  void addProcess(String vmId, long pid) throws IOException;

  /** Removes the VM's cgroup once it has no processes; moves nothing; a missing cgroup is fine. */
  void destroy(String vmId) throws IOException;

  Hierarchy hierarchy();
}
