package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import java.util.List;
import java.util.OptionalInt;

/** Reserves a TCP port for the VM's VNC server (none for a unix-socket VNC or no VNC). */
final class VncPortStep implements HostStep {
  static final String KIND = "vnc-port";
  private final VmHost host;

  VncPortStep(VmHost host) { this.host = host; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) {
    var vnc = ctx.request().spec().vnc();
    return vnc != null && !vnc.unixSocket() ? List.of(Claim.run(KIND, "")) : List.of();
  }

  @Override public void take(StartContext ctx, List<Claim> claims) throws VmRuntimeException {
    if (claims.isEmpty()) return;
    OptionalInt port = host.vncPorts.reserve(ctx.id().uid());
    if (port.isEmpty()) {
      throw new VmRuntimeException("VncPortsExhausted", "no free VNC port in the agent's range; stop a VM"
          + " or widen vncPortRange", false);
    }
    ctx.vncPort = port.getAsInt();
  }

  /** Every port held for the VM goes back (the claim is per VM, the allocator knows the number). */
  @Override public void release(VmIdentity id, Claim claim) {
    for (var held = host.vncPorts.heldBy(id.uid()); held.isPresent(); held = host.vncPorts.heldBy(id.uid())) {
      host.vncPorts.release(held.getAsInt(), id.uid());
    }
  }
}
