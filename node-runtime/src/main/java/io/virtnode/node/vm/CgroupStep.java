package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import java.util.List;

/** The VM's own cgroup with memory and CPU limits (deny-all devices until the ACL step). */
final class CgroupStep implements HostStep {
  static final String KIND = "cgroup";
  private final VmHost host;

  CgroupStep(VmHost host) { this.host = host; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) { return List.of(Claim.run(KIND, "")); }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    ctx.cgroupDirs = host.confinement.createCgroup(ctx.id().uid(), ctx.request().spec()).dirs();
  }

  @Override public void release(VmIdentity id, Claim claim) { host.confinement.destroyCgroup(id.uid()); }
}
