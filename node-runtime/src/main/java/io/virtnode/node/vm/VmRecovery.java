package io.virtnode.node.vm;

import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.JobRecord;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an agent (re)start: every QEMU the records name — or that sits in a VM's cgroup when the agent died
 * before writing its pid — is reconnected for the identity its record names (or kept as unreachable), and its
 * recorded device ACL adopted; a QEMU that is gone gets an exit and its claims released. A job found in flight
 * is settled: a start whose QEMU lives is complete (its CPUs are left as they are), one whose QEMU is gone is
 * rolled back; a stop carries on from its recorded request time.
 */
final class VmRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(VmRecovery.class);
  private final VmHost host;
  private final VmReaper reaper;

  VmRecovery(VmHost host, VmReaper reaper) {
    this.host = host;
    this.reaper = reaper;
  }

  void recover() throws IOException {
    for (VmRecord rec : host.store.loadAll()) {
      VmIdentity id = new VmIdentity(rec.uid(), rec.namespace(), rec.name());
      try {
        recover(id, rec);
      } catch (IOException | RuntimeException e) { // one bad record never keeps the others from reconnecting
        LOG.error("VM {}: cannot recover its recorded state ({}); it is left as it is and retried by its next"
            + " reconcile", id.displayName(), e.getMessage(), e);
      }
    }
  }

  private void recover(VmIdentity id, VmRecord rec) throws IOException {
    JobRecord job = rec.job();
    if (job != null) LOG.warn("VM {}: job {} was in flight (phase {}) when the agent stopped", id.displayName(),
        job.kind(), job.phase());
    ProcessRecord p = rec.process();
    if (p == null) {
      if (!rec.runClaims().isEmpty()) reaper.releaseRunClaims(id, rec); // a start rolled back half-way
      settle(id);
      return;
    }
    Optional<QemuProcess> proc = p.pid() > 0 ? QemuProcess.adopt(p.pid(), p.startTicks()) : Optional.empty();
    if (proc.isEmpty()) proc = host.inCgroup(rec.uid()); // e.g. the agent died between spawn and recording the pid
    if (proc.isPresent() && host.foreign(rec.uid(), proc.get().pid())) {
      LOG.error("VM {}: its record names {}, which runs in another VM's cgroup; that QEMU is not this VM's and"
          + " is left alone (the record is stale or copied: check it)", id.displayName(), proc.get());
    } else if (proc.isPresent()) {
      reconnect(id, rec, proc.get());
    } else {
      LOG.warn("VM {}: recorded QEMU pid {} is gone", id.displayName(), p.pid());
      if (p.stopRequestedAt() == null && (job == null || job.kind() != io.virtnode.node.state.JobKind.Start)) {
        host.registry.exited(rec.uid(), host.clock.instant(), "exited while the agent was not running");
      }
      reaper.releaseRunClaims(id, rec);
    }
    settle(id);
  }

  private void reconnect(VmIdentity id, VmRecord rec, QemuProcess qemu) throws IOException {
    ProcessRecord p = rec.process();
    if (p.pid() != qemu.pid()) { // found in its cgroup: the agent died before writing the pid down
      p = p.withPid(qemu.pid(), qemu.startTicks());
      rec = host.store.load(rec.uid()).orElse(rec).withProcess(p);
      host.store.save(rec);
    }
    if (p.vncPort() != null) host.vncPorts.adopt(p.vncPort(), rec.uid());
    if (rec.deviceAcl() != null) {
      try {
        host.confinement.adoptDeviceAcl(rec.uid(), DeviceAclStep.parse(rec.deviceAcl()));
      } catch (IOException | RuntimeException e) {
        LOG.error("VM {}: recorded device ACL cannot be adopted ({}); device changes will fail until it is set",
            id.displayName(), e.getMessage());
      }
    }
    ConsoleDrainStep.resume(host.consoles, id, rec); // QEMU reconnects to the drains within a second
    try {
      var dir = p.runtimeDir() == null || p.runtimeDir().isBlank() ? host.paths(rec.uid())
          : new io.virtnode.node.domain.RuntimePaths(java.nio.file.Path.of(p.runtimeDir()));
      host.attach(id, qemu, dir); // where it was started, even if runDir changed since
      LOG.info("Reconnected to {} of VM {}", qemu, id.displayName());
    } catch (QmpException e) {
      LOG.error("VM {}: {} is alive but its monitor cannot be used ({}); leaving it running, unmanaged",
          id.displayName(), qemu, e.getMessage());
      host.registry.lose(rec.uid(), qemu);
    }
  }

  /** The job found in flight is settled: the record says no job runs. */
  private void settle(VmIdentity id) throws IOException {
    var now = host.store.load(id.uid());
    if (now.isPresent() && now.get().job() != null) host.store.save(now.get().withJob(null));
  }
}
