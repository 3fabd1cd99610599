package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import java.util.List;

/** Disks, backing files, char-device files and the runtime dir handed to the QEMU user (originals kept). */
final class LabelStep implements HostStep {
  static final String KIND = "labels";
  private final VmHost host;

  LabelStep(VmHost host) { this.host = host; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) { return List.of(Claim.run(KIND, "")); }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    host.confinement.label(ctx.id().uid(), ctx.request().spec(), ctx.paths());
  }

  @Override public void release(VmIdentity id, Claim claim) { host.confinement.releaseLabels(id.uid()); }
}
