package io.virtnode.node.vm;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's view of a VM, read-only but for one duty: a QEMU found dead is reaped (under the VM's job, so no
 * change runs beside it) and a QEMU whose monitor closed while it lives is kept as unreachable.
 */
final class VmObservations {
  private static final Logger LOG = LoggerFactory.getLogger(VmObservations.class);
  private final VmHost host;
  private final VmJobs jobs;
  private final VmReaper reaper;

  VmObservations(VmHost host, VmJobs jobs, VmReaper reaper) {
    this.host = host;
    this.jobs = jobs;
    this.reaper = reaper;
  }

  Observation observe(VmIdentity id, VmRecord rec) throws IOException {
    String uid = id.uid();
    var h = host.registry.handle(uid).orElse(null);
    Map<String, String> addresses = rec == null ? Map.of() : rec.addresses();
    ProcessRecord p = rec == null ? null : rec.process();
    if (h != null && !h.process.isAlive()) {
      if (!reapUnderJob(id, () -> reaper.reap(h))) return stopped(uid, addresses);
      return observe(id, host.store.load(uid).orElse(null));
    }
    var lost = host.registry.unreachable(uid).orElse(null);
    if (h == null && lost != null) {
      if (lost.isAlive()) {
        return new Observation(VmRuntime.MONITOR_UNREACHABLE, lost.pid(), p != null && p.stopRequestedAt() != null,
            p == null ? null : p.vncEndpoint(), p == null ? null : p.specHash(), addresses, host.registry.lastExit(uid));
      }
      reapUnderJob(id, () -> reaper.reapUnreachable(id, lost));
      return stopped(uid, addresses);
    }
    if (h == null) return stopped(uid, addresses);
    if (!h.monitor.isOpen()) {
      if (exitsSoon(h)) return observe(id, rec); // EOF of a dying QEMU can arrive before it is reaped
      if (host.registry.remove(h)) { // QEMU lives but its monitor is gone: never reconnected
        LOG.error("VM {}: the monitor of {} closed while it runs; it is left running, unmanaged",
            h.id.displayName(), h.process);
        host.registry.lose(uid, h.process);
      }
      return observe(id, rec);
    }
    boolean stopping = p != null && p.stopRequestedAt() != null;
    if (host.monitors.unresponsive(uid)) { // no call that would wait out the QMP timeout again
      return new Observation(VmRuntime.MONITOR_UNRESPONSIVE, h.process.pid(), stopping,
          p == null ? null : p.vncEndpoint(), p == null ? null : p.specHash(), addresses, host.registry.lastExit(uid));
    }
    String state;
    try {
      state = h.monitor.execute("query-status", null).path("status").asText(VmRuntime.MONITOR_UNREACHABLE);
    } catch (QmpException e) {
      if (!h.process.isAlive()) return observe(id, rec);
      state = VmRuntime.MONITOR_UNRESPONSIVE; // a timeout: not a pause, and nothing to act on until it answers
    }
    return new Observation(state, h.process.pid(), stopping, p == null ? null : p.vncEndpoint(),
        p == null ? null : p.specHash(), addresses, host.registry.lastExit(uid));
  }

  List<DiskFacts> diskFacts(VmIdentity id, List<DiskSpec> disks) {
    var h = host.registry.handle(id.uid());
    if (h.isEmpty() || !h.get().id.equals(id) || host.monitors.unresponsive(id.uid())) return List.of();
    try {
      VmRecord rec = host.store.load(id.uid()).orElseThrow();
      Map<String, DiskSpec> byName = new HashMap<>();
      disks.forEach(d -> byName.put(d.name(), d));
      return BlockFacts.collect(h.get().monitor, rec.process().diskNodeNames(), byName, host.settings.qmpTimeout());
    } catch (Exception e) {
      LOG.debug("disk facts of {} unavailable: {}", id.displayName(), e.getMessage());
      return List.of();
    }
  }

  private Observation stopped(String uid, Map<String, String> addresses) {
    return new Observation("stopped", 0, false, null, null, addresses, host.registry.lastExit(uid));
  }

  /** Runs a reap under the VM's job; false when another job holds the VM (the next look reaps). */
  private boolean reapUnderJob(VmIdentity id, Reap reap) throws IOException {
    try (var job = jobs.take(id, JobKind.Stop)) {
      reap.run();
      return true;
    } catch (VmBusyException e) {
      return false;
    }
  }

  private interface Reap {
    void run() throws IOException;
  }

  /** True when QEMU exits within a second (a bounded wait on its exit, only after its monitor closed). */
  private static boolean exitsSoon(VmHandle h) {
    try {
      h.process.onExit().get(1, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !h.process.isAlive();
    }
  }
}
