package io.virtnode.node.cgroup;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link CgroupManager#create} set up: the VM's cgroup directories and the limits it applied or
 * skipped (with the reason), for the agent's log and the VM's status.
 */
public record VmCgroup(String vmId, Hierarchy hierarchy, List<Path> dirs, List<String> applied,
    List<String> skipped) {
  public VmCgroup {
    dirs = List.copyOf(dirs);
    applied = List.copyOf(applied);
    skipped = List.copyOf(skipped);
  }
}
