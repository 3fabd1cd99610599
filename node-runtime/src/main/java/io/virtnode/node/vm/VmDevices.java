package io.virtnode.node.vm;

import io.virtnode.node.cgroup.DeviceAcl;
import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;

/**
 * Device access of a running VM's cgroup for hotplug: the new ACL is written to the record first, then set,
 * so v1 and v2 alike know it after an agent restart. Callers hold the VM's job (Hotplug), or one is taken.
 */
final class VmDevices {
  private final VmHost host;
  private final VmJobs jobs;

  VmDevices(VmHost host, VmJobs jobs) {
    this.host = host;
    this.jobs = jobs;
  }

  void allow(VmIdentity id, DeviceRule rule) throws VmRuntimeException, IOException {
    change(id, acl -> acl.with(rule), true, rule);
  }

  void deny(VmIdentity id, DeviceRule rule) throws VmRuntimeException, IOException {
    change(id, acl -> acl.without(rule), false, rule);
  }

  private void change(VmIdentity id, java.util.function.UnaryOperator<DeviceAcl> f, boolean allow, DeviceRule rule)
      throws VmRuntimeException, IOException {
    try (var job = jobs.take(id, JobKind.Hotplug)) {
      VmRecord rec = host.store.load(id.uid()).orElseThrow();
      if (rec.deviceAcl() == null || host.registry.handle(id.uid()).isEmpty()) {
        throw new VmRuntimeException("NotRunning", "VM " + id.displayName() + " has no running QEMU with a"
            + " recorded device ACL", false);
      }
      DeviceAcl next = f.apply(DeviceAclStep.parse(rec.deviceAcl()));
      if (allow) host.store.save(rec.withDeviceAcl(DeviceAclStep.rules(next))); // wider: recorded before set
      if (allow) host.confinement.allow(id.uid(), rule); else host.confinement.deny(id.uid(), rule);
      if (!allow) host.store.save(rec.withDeviceAcl(DeviceAclStep.rules(next))); // narrower: after it holds
    }
  }
}
