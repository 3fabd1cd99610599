package io.virtnode.node.vm;

import io.virtnode.node.isolation.Confinement;
import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.Claim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Spawns QEMU confined (joining the cgroup, its disks handed over as fds, as the QEMU user), records its pid,
 * and connects the monitor. Released: the QEMU is killed and awaited; one that will not die stays claimed.
 */
final class QemuStep implements HostStep {
  static final String KIND = "qemu";
  private final VmHost host;

  QemuStep(VmHost host) { this.host = host; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) { return List.of(Claim.run(KIND, "")); }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    String uid = ctx.id().uid();
    Path log = host.logFile(uid);
    Files.createDirectories(log.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    QemuLogs.rotate(log, VmHost.LOG_LIMIT_BYTES);
    long logStart = QemuLogs.size(log);
    // the agent's copies of the disk fds stay open until QEMU answers: the confining shell opens them by path
    try (Confinement.Prepared confined = host.confinement.launchPrefix(ctx.request().spec(), ctx.cgroupDirs)) {
      List<String> cmd = new ArrayList<>(confined.prefix());
      cmd.addAll(ctx.record().process().argv());
      ctx.qemu = host.launcher.spawn(cmd, log);
      QemuProcess qemu = ctx.qemu;
      ctx.update(r -> r.withProcess(r.process().withPid(qemu.pid(), qemu.startTicks())));
      try {
        ctx.handle = host.attach(ctx.id(), qemu);
      } catch (QmpException e) {
        String said = QemuLogs.tail(log, logStart, 2000);
        throw new VmRuntimeException("QemuStartFailed", "QEMU did not start: " + e.getMessage()
            + (said.isBlank() ? "" : "; QEMU said: " + said.strip()), false, e);
      }
    }
  }

  @Override public void release(VmIdentity id, Claim claim) throws Exception {
    Optional<VmHandle> h = host.registry.handle(id.uid());
    Optional<QemuProcess> qemu = h.map(x -> x.process);
    if (qemu.isEmpty()) qemu = host.registry.unreachable(id.uid());
    if (qemu.isEmpty()) qemu = recorded(id.uid());
    if (qemu.isPresent() && qemu.get().isAlive()) {
      qemu.get().kill();
      if (!VmHost.awaitExit(qemu.get())) {
        h.ifPresent(host.registry::remove);
        host.registry.lose(id.uid(), qemu.get()); // labels, cgroup and record stay until it is really gone
        throw new IOException("QEMU " + qemu.get() + " did not exit after SIGKILL; what it uses stays claimed");
      }
    }
    h.ifPresent(x -> {
      host.registry.remove(x);
      x.monitor.close();
    });
    host.registry.found(id.uid());
  }

  private Optional<QemuProcess> recorded(String uid) throws IOException {
    var rec = host.store.load(uid);
    if (rec.isEmpty() || rec.get().process() == null || rec.get().process().pid() <= 0) return host.inCgroup(uid);
    var p = rec.get().process();
    var q = QemuProcess.adopt(p.pid(), p.startTicks()).filter(x -> !host.foreign(uid, x.pid()));
    return q.isPresent() ? q : host.inCgroup(uid);
  }
}
