package io.virtnode.node.vm;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DomainPlan;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.PlanException;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.StateWriteException;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of one VM, in order: reserve its port, plan, record what will be done (images claimed, process
 * announced), create images, confine, spawn, record the pid, connect the monitor, run the CPUs unless paused.
 * Every failure gives back what this start took.
 */
final class VmStarter {
  private static final Logger LOG = LoggerFactory.getLogger(VmStarter.class);
  private final VmRuntime rt;

  VmStarter(VmRuntime rt) { this.rt = rt; }

  /** Starts QEMU for the VM (creating asked-for blank images first); no-op when it runs already. */
  void start(VmIdentity id, DomainSpec spec, List<DiskCreation> creations)
      throws VmRuntimeException, StateWriteException {
    if (rt.handles.containsKey(id.uid())) return;
    if (rt.closing) throw new VmRuntimeException("AgentStopping", "the agent is shutting down", false);
    var stray = rt.inCgroup(id.uid());
    if (stray.isPresent()) { // exactly one QEMU per VM: never start beside one we lost track of
      throw new VmRuntimeException("StrayQemu", "process " + stray.get().pid() + " already runs in this VM's"
          + " cgroup; the agent adopts it on restart, or stop it by hand", false);
    }
    VmRecord rec = loadOrFresh(id);
    RuntimePaths paths = rt.paths(id.uid());
    Integer vncPort = null;
    if (spec.vnc() != null && !spec.vnc().unixSocket()) {
      OptionalInt port = rt.vncPorts.reserve(id.uid());
      if (port.isEmpty()) {
        throw new VmRuntimeException("VncPortsExhausted", "no free VNC port in the agent's range; stop a VM"
            + " or widen vncPortRange", false);
      }
      vncPort = port.getAsInt();
    }
    try {
      DomainPlan plan = rt.planner.plan(spec, rt.context(id.uid(), vncPort, new AddressBook(rec.addresses())));
      prepareRuntimeDir(paths);
      ProcessRecord proc = new ProcessRecord(0, 0, paths.dir().toString(), vncPort, plan.vncEndpoint(),
          plan.argv(), VmRuntime.hash(spec), plan.diskNodeNames(), null);
      rec = rec.withAddresses(plan.addresses().addresses()).withProcess(proc);
      var missing = creations.stream()
          .filter(c -> !Files.exists(c.path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
      for (DiskCreation c : missing) rec = rec.withCreatedFile(c.path().toString());
      rt.store.save(rec); // before acting: images to create are claimed, the process is announced (pid 0)
      rec = createImages(rec, missing);
      try (var confined = rt.confinement.prepare(id.uid(), spec, paths)) {
        spawn(id, rec, paths, spec.startPaused(), confined.prefix());
      }
    } catch (PlanException e) {
      abandon(id, vncPort);
      throw new VmRuntimeException(e.reason(), e.getMessage(), true);
    } catch (VmRuntimeException | StateWriteException e) {
      abandon(id, vncPort);
      throw e;
    } catch (IOException e) {
      abandon(id, vncPort);
      throw new VmRuntimeException("HostError", "cannot prepare VM on the host: " + e.getMessage(), false, e);
    } catch (RuntimeException e) {
      abandon(id, vncPort);
      throw new VmRuntimeException("HostError", "cannot start the VM: " + e.getMessage(), false, e);
    }
  }

  /** After a failed start: the port goes back, and a process announced but never spawned is withdrawn. */
  private void abandon(VmIdentity id, Integer vncPort) {
    rt.releasePort(id.uid(), vncPort);
    try {
      var rec = rt.store.load(id.uid());
      if (rec.isPresent() && rec.get().process() != null && rec.get().process().pid() == 0) {
        rt.store.save(rec.get().withProcess(null));
      }
    } catch (IOException e) {
      LOG.warn("VM {}: cannot withdraw the announced start: {}", id.displayName(), e.getMessage());
    }
  }

  private void spawn(VmIdentity id, VmRecord rec, RuntimePaths paths, boolean paused, List<String> confine)
      throws VmRuntimeException, StateWriteException, IOException {
    List<String> cmd = new java.util.ArrayList<>(confine);
    cmd.addAll(rec.process().argv());
    QemuProcess qemu;
    Path log = rt.logFile(id.uid());
    Files.createDirectories(log.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    QemuLogs.rotate(log, VmRuntime.LOG_LIMIT_BYTES);
    long logStart = QemuLogs.size(log);
    try {
      qemu = rt.launcher.spawn(cmd, log);
    } catch (IOException e) {
      rt.confinement.release(id.uid());
      throw e;
    }
    try {
      rt.store.save(rec.withProcess(rec.process().withPid(qemu.pid(), qemu.startTicks())));
    } catch (StateWriteException e) {
      qemu.kill(); // never leave a QEMU nobody can find again
      if (VmRuntime.awaitExit(qemu)) rt.confinement.release(id.uid()); else rt.lose(id.uid(), qemu);
      throw e;
    }
    try {
      VmHandle h = rt.attach(id, qemu, paths);
      if (!paused) h.monitor.execute("cont", null);
      rt.exits.remove(id.uid());
      LOG.info("VM {}: started {}{}", id.displayName(), qemu, paused ? " with CPUs stopped" : "");
    } catch (QmpException e) {
      qemu.kill();
      rt.handles.remove(id.uid());
      if (VmRuntime.awaitExit(qemu)) {
        rt.confinement.release(id.uid());
        rt.store.save(rec.withProcess(null));
      } else {
        rt.lose(id.uid(), qemu); // labels and record stay until it is really gone
      }
      String said = QemuLogs.tail(log, logStart, 2000);
      throw new VmRuntimeException("QemuStartFailed", "QEMU did not start: " + e.getMessage()
          + (said.isBlank() ? "" : "; QEMU said: " + said.strip()), false, e);
    }
  }

  private VmRecord loadOrFresh(VmIdentity id) throws VmRuntimeException {
    try {
      return rt.store.load(id.uid()).orElse(VmRecord.fresh(id.uid(), id.namespace(), id.name()));
    } catch (IOException e) {
      throw new VmRuntimeException("StateUnreadable", "runtime record of the VM is unreadable: " + e.getMessage(),
          false, e);
    }
  }

  /** Creates the claimed images; an image someone else made in between is dropped from the claim. */
  private VmRecord createImages(VmRecord claimed, List<DiskCreation> missing)
      throws VmRuntimeException, StateWriteException {
    VmRecord rec = claimed;
    for (DiskCreation c : missing) {
      String path = c.path().toString();
      try {
        rt.images.create(c.path(), c.format(), c.bytes());
      } catch (IOException e) {
        var files = new java.util.ArrayList<>(rec.createdFiles());
        files.remove(path); // not made by us: never claim it
        rec = new VmRecord(rec.uid(), rec.namespace(), rec.name(), rec.addresses(), files, rec.process());
        rt.store.save(rec);
        rt.store.save(rec.withProcess(null));
        if (e instanceof java.nio.file.FileAlreadyExistsException
            || e.getCause() instanceof java.nio.file.FileAlreadyExistsException) { // made by someone else in between
          throw new VmRuntimeException("ForeignFile", c.path() + " appeared before the agent could create it; create"
              + " never adopts an existing file: pick a new path", false, e);
        }
        throw new VmRuntimeException("DiskCreateFailed", "cannot create " + c.path() + ": " + e.getMessage(), false, e);
      }
    }
    return rec;
  }

  private static void prepareRuntimeDir(RuntimePaths paths) throws IOException {
    Files.createDirectories(paths.dir());
    // the parent must let QEMU's user reach its own directory, whatever the agent's umask
    Files.setPosixFilePermissions(paths.dir().getParent(),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    VmRuntime.deleteQuietly(paths.qmpSocket());
    VmRuntime.deleteQuietly(paths.vncSocket());
  }


}
