package io.virtnode.node.vm;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import java.io.IOException;

/**
 * Live device changes of a running (or paused) VM, each as the VM's Hotplug job with its phase and claims
 * recorded, so an agent restarted half-way completes or rolls it back. wanted is the spec asked for: for a
 * record that predates stored running specs, the running spec is derived from it.
 */
public interface VmHotplug {
  /** Plugs disk in; HotplugFailed (QEMU's message) or the planner's reason when it cannot, nothing changed. */
  void attach(VmIdentity id, DomainSpec wanted, DiskSpec disk) throws VmRuntimeException, IOException;

  /** Unplugs the disk named; UnplugTimeout when the guest has not released it yet (retry later). */
  void detach(VmIdentity id, DomainSpec wanted, String diskName) throws VmRuntimeException, IOException;
}
