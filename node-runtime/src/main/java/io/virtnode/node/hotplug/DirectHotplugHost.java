package io.virtnode.node.hotplug;

import io.virtnode.node.cgroup.CgroupManager;
import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.security.LabelTarget;
import io.virtnode.node.security.RestorePolicy;
import io.virtnode.node.security.SecurityLabeler;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link HotplugHost} straight onto the VM's cgroup device ACL and the security labeler, without claims:
 * what an agent without a claim ledger does. The disk itself is labelled; backing files of a qcow2 chain
 * are not (hot-plug those as raw or label them through a claim-recording host).
 */
public final class DirectHotplugHost implements HotplugHost {
  private final CgroupManager cgroups;
  private final SecurityLabeler labeler;

  public DirectHotplugHost(CgroupManager cgroups, SecurityLabeler labeler) {
    this.cgroups = cgroups;
    this.labeler = labeler;
  }

  @Override public void allowDevice(String vmId, Path device, boolean readOnly) throws IOException {
    cgroups.allow(vmId, rule(device, readOnly ? "r" : "rw"));
  }

  @Override public void denyDevice(String vmId, Path device) throws IOException {
    cgroups.deny(vmId, rule(device, "rw"));
  }

  @Override public void label(String vmId, DiskSpec disk) throws IOException {
    labeler.label(vmId, target(disk));
  }

  @Override public void unlabel(String vmId, DiskSpec disk) throws IOException {
    labeler.restore(vmId, target(disk), RestorePolicy.NORMAL);
  }

  private static DeviceRule rule(Path device, String access) throws IOException {
    return DeviceRule.forPath(device, access).orElseThrow(() -> new IOException(device
        + " is not a block or character device: a block disk must name a device node"));
  }

  private static LabelTarget target(DiskSpec disk) {
    return LabelTarget.of(disk.path(), disk.readOnly() ? LabelTarget.Kind.BACKING : LabelTarget.Kind.DISK);
  }
}
