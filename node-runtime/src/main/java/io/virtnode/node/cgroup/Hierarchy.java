package io.virtnode.node.cgroup;

/** Which cgroup hierarchy confines VMs: v1 controllers (devices cgroup) or the unified v2 (BPF filter). */
public enum Hierarchy {
  V1, V2
}
