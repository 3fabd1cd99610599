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
}
