package io.virtnode.node.vm;

import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Once a VM's QEMU is gone: records why it ended (unless asked to stop) and gives back its run claims. */
final class VmReaper {
  private static final Logger LOG = LoggerFactory.getLogger(VmReaper.class);
  private final VmHost host;
  private final ClaimRelease release;

  VmReaper(VmHost host, ClaimRelease release) {
    this.host = host;
    this.release = release;
  }

  /** Drops a dead QEMU with a monitor session; a no-op when another handle replaced it. */
  void reap(VmHandle h) throws IOException {
    if (!host.registry.remove(h)) return;
    h.monitor.close();
    Optional<VmRecord> rec = host.store.load(h.id.uid());
    if (!asked(rec)) {
      String why = h.process.exitDescription().orElse(null);
      String reason = h.shutdownReason != null ? h.shutdownReason : why != null ? why : "exited unexpectedly";
      host.registry.exited(h.id.uid(), host.clock.instant(), reason);
      LOG.warn("VM {}: QEMU {} ended unexpectedly: {}", h.id.displayName(), h.process, reason);
    }
    if (rec.isPresent() && rec.get().process() != null && rec.get().process().pid() == h.process.pid()) {
      releaseRunClaims(h.id, rec.get());
    }
  }

  /** Drops a dead QEMU the agent had no monitor session with. */
  void reapUnreachable(VmIdentity id, QemuProcess lost) throws IOException {
    host.registry.found(id.uid());
    var rec = host.store.load(id.uid());
    if (rec.isPresent()) releaseRunClaims(id, rec.get());
    else host.confinement.release(id.uid());
  }

  /** Releases what a QEMU run took, from the record alone (also after an agent restart). */
  void releaseRunClaims(VmIdentity id, VmRecord rec) throws IOException {
    try {
      release.release(id, rec.runClaims(), change -> {
        VmRecord now = host.store.load(id.uid()).orElse(rec);
        VmRecord next = change.apply(now);
        host.store.save(next);
        return next;
      });
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("VM " + id.displayName() + ": cannot release what its QEMU used: " + e.getMessage(), e);
    }
    host.store.load(id.uid()).filter(r -> r.process() != null).ifPresent(r -> {
      try {
        host.store.save(r.withProcess(null));
      } catch (IOException e) {
        LOG.warn("VM {}: {}", id.displayName(), e.getMessage());
      }
    });
  }

  static boolean asked(Optional<VmRecord> rec) {
    return rec.isPresent() && rec.get().process() != null && rec.get().process().stopRequestedAt() != null;
  }
}
