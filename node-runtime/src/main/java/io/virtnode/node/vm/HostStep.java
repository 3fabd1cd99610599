package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import java.util.List;

/**
 * One step of bringing a VM up on the host (cgroup, PCI binding, macvtap, labels, QEMU…). A step says which
 * resources it will take (its claims, recorded before it acts), takes them, and knows how to give one back
 * from the claim alone, so an agent restarted long after the start can still release it. Every operation
 * is idempotent: a step may be re-run, an undo may find nothing left to undo.
 */
public interface HostStep {
  /** The claim kind this step takes and releases; unique among the steps. */
  String kind();

  /** What this start will take, recorded before take runs; empty when the step has nothing to do here. */
  List<Claim> claims(StartContext ctx);

  /** Takes the claimed resources. */
  void take(StartContext ctx, List<Claim> claims) throws Exception;

  /** Gives one claimed resource back; throws when it cannot be released yet (it then stays claimed). */
  void release(VmIdentity id, Claim claim) throws Exception;
}
