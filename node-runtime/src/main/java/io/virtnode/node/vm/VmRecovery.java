package io.virtnode.node.vm;

import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an agent (re)start: every QEMU the records name — or that sits in a VM's cgroup when the agent died
 * before writing its pid — is reconnected, or kept as unreachable; a QEMU that is gone gets an exit and its
 * files back.
 */
final class VmRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(VmRecovery.class);
  private final VmRuntime rt;

  VmRecovery(VmRuntime rt) { this.rt = rt; }

  void recover() throws IOException {
    for (VmRecord rec : rt.store.loadAll()) {
      ProcessRecord p = rec.process();
      if (p == null) continue;
      VmIdentity id = new VmIdentity(rec.uid(), rec.namespace(), rec.name());
      var proc = p.pid() > 0 ? QemuProcess.adopt(p.pid(), p.startTicks()) : java.util.Optional.<QemuProcess>empty();
      if (proc.isEmpty()) proc = rt.inCgroup(rec.uid()); // e.g. the agent died between spawn and recording the pid
      if (proc.isPresent()) {
        if (p.vncPort() != null) rt.vncPorts.adopt(p.vncPort(), rec.uid());
        try {
          rt.attach(id, proc.get(), rt.paths(rec.uid()));
          LOG.info("Reconnected to {} of VM {}", proc.get(), id.displayName());
        } catch (QmpException e) {
          LOG.error("VM {}: {} is alive but its monitor cannot be used ({}); leaving it running, unmanaged",
              id.displayName(), proc.get(), e.getMessage());
          rt.unreachable.put(rec.uid(), proc.get());
        }
      } else {
        LOG.warn("VM {}: recorded QEMU pid {} is gone", id.displayName(), p.pid());
        rt.confinement.release(rec.uid());
        if (p.stopRequestedAt() == null) {
          rt.exits.put(rec.uid(), new ExitInfo(rt.clock.instant(), "exited while the agent was not running"));
        }
        rt.store.save(rec.withProcess(null));
      }
    }
  }
}
