package io.virtnode.node.vm;

import io.virtnode.node.cgroup.DeviceAcl;
import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.state.Claim;
import java.util.List;

/**
 * The cgroup's device allow-list: exactly what QEMU needs. The ACL is written to the record before it is
 * set, so an agent restarted later knows what is in force (cgroup v2 cannot read it back).
 */
final class DeviceAclStep implements HostStep {
  static final String KIND = "device-acl";
  private final VmHost host;

  DeviceAclStep(VmHost host) { this.host = host; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) { return List.of(Claim.run(KIND, "")); }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    DeviceAcl acl = host.confinement.deviceAcl(ctx.request().spec());
    ctx.update(r -> r.withDeviceAcl(rules(acl)));
    host.confinement.setDeviceAcl(ctx.id().uid(), acl);
  }

  /** The rules go with the cgroup; the record forgets them. */
  @Override public void release(VmIdentity id, Claim claim) throws Exception {
    var rec = host.store.load(id.uid());
    if (rec.isPresent() && rec.get().deviceAcl() != null) host.store.save(rec.get().withDeviceAcl(null));
  }

  static List<String> rules(DeviceAcl acl) { return acl.rules().stream().map(DeviceRule::toString).toList(); }

  static DeviceAcl parse(List<String> rules) { return DeviceAcl.of(rules.stream().map(DeviceRule::parse).toList()); }
}
