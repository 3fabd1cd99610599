package io.virtnode.node.vm;

import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.hotplug.HotplugHost;
import io.virtnode.node.security.LabelTarget;
import io.virtnode.node.security.RestorePolicy;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.JobLock;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@link HotplugHost} of one VM that records each resource as a claim (and the job's phase) before taking it,
 * through the runtime's device ACL (recorded, so v1 and v2 survive a restart) and labeler. With onlyClaimed
 * (a rollback after a restart) it gives back only what a claim says was taken.
 */
final class ClaimingHotplugHost implements HotplugHost {
  private final VmHost host;
  private final VmDevices devices;
  private final VmIdentity id;
  private final JobLock.Job job;
  private final String phasePrefix;
  private final boolean onlyClaimed;

  ClaimingHotplugHost(VmHost host, VmDevices devices, VmIdentity id, JobLock.Job job, String phasePrefix,
      boolean onlyClaimed) {
    this.host = host;
    this.devices = devices;
    this.id = id;
    this.job = job;
    this.phasePrefix = phasePrefix;
    this.onlyClaimed = onlyClaimed;
  }

  @Override public void allowDevice(String vmId, Path device, boolean readOnly) throws IOException {
    claim(HotplugClaims.ACL, device, "acl");
    try {
      devices.allow(id, rule(device, readOnly ? "r" : "rw"));
    } catch (VmRuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    HotplugTestHooks.reached(phasePrefix + "acl");
  }

  @Override public void denyDevice(String vmId, Path device) throws IOException {
    if (skip(HotplugClaims.ACL, device)) return;
    job.phase(phasePrefix + "deny");
    try {
      devices.deny(id, rule(device, "rw"));
    } catch (VmRuntimeException e) {
      throw new IOException(e.getMessage(), e);
    }
    unclaim(HotplugClaims.ACL, device);
  }

  @Override public void label(String vmId, DiskSpec disk) throws IOException {
    claim(HotplugClaims.LABEL, disk.path(), "label");
    host.confinement.labeler().label(vmId, target(disk));
    HotplugTestHooks.reached(phasePrefix + "label");
  }

  @Override public void unlabel(String vmId, DiskSpec disk) throws IOException {
    if (skip(HotplugClaims.LABEL, disk.path())) return;
    job.phase(phasePrefix + "unlabel");
    host.confinement.labeler().restore(vmId, target(disk), RestorePolicy.NORMAL);
    unclaim(HotplugClaims.LABEL, disk.path());
  }

  private void claim(String kind, Path path, String phase) throws IOException {
    job.phase(phasePrefix + phase);
    update(r -> r.withClaim(Claim.run(kind, path.toString())));
  }

  private void unclaim(String kind, Path path) throws IOException {
    update(r -> r.withoutClaim(Claim.run(kind, path.toString())));
  }

  private boolean skip(String kind, Path path) throws IOException {
    if (!onlyClaimed) return false;
    return host.store.load(id.uid()).map(r -> !HotplugClaims.has(r, kind, path.toString())).orElse(true);
  }

  private void update(java.util.function.UnaryOperator<VmRecord> f) throws IOException {
    var rec = host.store.load(id.uid());
    if (rec.isPresent()) host.store.save(f.apply(rec.get()));
  }

  private static DeviceRule rule(Path device, String access) throws IOException {
    return DeviceRule.forPath(device, access).orElseThrow(() -> new IOException(device
        + " is not a block or character device: a block disk must name a device node"));
  }

  private static LabelTarget target(DiskSpec disk) {
    return LabelTarget.of(disk.path(), disk.readOnly() ? LabelTarget.Kind.BACKING : LabelTarget.Kind.DISK);
  }
}
