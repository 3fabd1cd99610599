package io.virtnode.node.cgroup;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the manager for the probed hierarchy and logs which one (the text also goes to VM status). */
public final class CgroupManagers {
  private static final Logger LOG = LoggerFactory.getLogger(CgroupManagers.class);

  private CgroupManagers() {}

  /** A manager for what {@code probe} found, with VM cgroups under {@code parent}. */
  public static CgroupManager forProbe(CgroupProbe.Result probe, String parent) {
    LOG.info("VM cgroups: {} under parent '{}'", probe.describe(), parent);
    return switch (probe.hierarchy()) {
      case V1 -> new CgroupV1Manager(probe.v1Controllers(), parent);
      case V2 -> new CgroupV2Manager(probe.v2Mount(), parent);
    };
  }

  /** Probes /proc/self/mountinfo. */
  public static CgroupManager forHost(String parent) throws IOException {
    return forProbe(CgroupProbe.ofHost().probe(), parent);
  }

  /** As {@link #forHost(String)}, but a hybrid host's cgroup2 mount is used when v2 is asked for. */
  public static CgroupManager forHost(String parent, Hierarchy wanted) throws IOException {
    CgroupProbe.Result probe = CgroupProbe.ofHost().probe();
    if (wanted == Hierarchy.V2 && probe.hierarchy() == Hierarchy.V1) {
      if (probe.v2Mount() == null) throw new IOException("cgroup v2 asked for, but no cgroup2 filesystem is mounted");
      probe = new CgroupProbe.Result(Hierarchy.V2, probe.v1Controllers(), probe.v2Mount());
    } else if (wanted == Hierarchy.V1 && probe.hierarchy() != Hierarchy.V1) {
      throw new IOException("cgroup v1 asked for, but the v1 devices controller is not mounted");
    }
    return forProbe(probe, parent);
  }
}
