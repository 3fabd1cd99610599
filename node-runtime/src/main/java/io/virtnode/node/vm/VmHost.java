package io.virtnode.node.vm;

import io.virtnode.node.console.ConsoleDrains;
import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DomainPlanner;
import io.virtnode.node.domain.PlanContext;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.isolation.Confinement;
import io.virtnode.node.ports.PortAllocator;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuLauncher;
import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpConnector;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.JobLock;
import io.virtnode.node.state.RuntimeStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The host parts the runtime's roles share: settings, store, job lock, registry, QEMU and confinement. */
final class VmHost {
  private static final Logger LOG = LoggerFactory.getLogger(VmHost.class);
  /** A QEMU log past this size is rotated when QEMU (re)starts. */
  static final long LOG_LIMIT_BYTES = 1L << 20;

  final RuntimeSettings settings;
  final RuntimeStore store;
  final JobLock jobs;
  final VmRegistry registry = new VmRegistry();
  final PortAllocator vncPorts;
  final QemuLauncher launcher;
  final QmpConnector connector;
  final Supplier<Capabilities> capabilities;
  final DomainPlanner planner;
  final DiskImageCreator images;
  final Confinement confinement;
  final Clock clock;
  /** Writes the guest output of File char devices into capped logs; QEMU connects to its sockets. */
  final ConsoleDrains consoles;
  volatile Consumer<VmIdentity> changeListener = id -> { };
  /** Asks every attached monitor query-status on a steady cadence; reports hangs and recoveries. */
  final VmMonitorWatch monitors;

  VmHost(RuntimeSettings settings, RuntimeStore store, PortAllocator vncPorts, QemuLauncher launcher,
      QmpConnector connector, Supplier<Capabilities> capabilities, DomainPlanner planner, DiskImageCreator images,
      Confinement confinement, Clock clock) {
    this.settings = settings;
    this.store = store;
    this.jobs = new JobLock(store, clock);
    this.vncPorts = vncPorts;
    this.launcher = launcher;
    this.connector = connector;
    this.capabilities = capabilities;
    this.planner = planner;
    this.images = images;
    this.confinement = confinement;
    this.clock = clock;
    this.consoles = new ConsoleDrains(settings.consoleLogMaxBytes(), settings.consoleLogFiles(),
        confinement.identity().uid(), confinement.identity().gid(), settings.stateDir().resolve("consoles"));
    this.monitors = new VmMonitorWatch(this);
  }

  RuntimePaths paths(String uid) { return new RuntimePaths(settings.runDir().resolve(uid)); }

  /** QEMU's output, kept where only the agent can write (the runtime dir belongs to the QEMU user). */
  Path logFile(String uid) { return settings.stateDir().resolve("logs").resolve(uid + ".log"); }

  PlanContext context(String uid, Integer vncPort, AddressBook previous) {
    return new PlanContext(paths(uid), capabilities.get(), vncPort, settings.vncListen(),
        settings.vncAllowHostAudio(), previous, true);
  }

  /** Connects to a QEMU's monitor (refusing a socket served by another process) and registers the VM. */
  VmHandle attach(VmIdentity id, QemuProcess qemu) throws QmpException { return attach(id, qemu, paths(id.uid())); }

  /** As above, with the runtime dir the QEMU was started with (a record of an agent with another runDir). */
  VmHandle attach(VmIdentity id, QemuProcess qemu, RuntimePaths paths) throws QmpException {
    QmpClient monitor = connector.connect(paths.qmpSocket(), qemu::isAlive);
    var peer = monitor.peerPid();
    if (peer.isPresent() && peer.getAsLong() != qemu.pid()) { // the socket was swapped for another QEMU's
      monitor.close();
      throw new QmpException.Closed("monitor socket " + paths.qmpSocket() + " is served by pid " + peer.getAsLong()
          + ", not by this VM's QEMU " + qemu.pid() + "; refusing it");
    }
    VmHandle h = new VmHandle(id, qemu, monitor);
    monitor.addEventListener(h::onEvent);
    VmEventRoutes.route(h, h.session(settings.qmpTimeout()), () -> changeListener.accept(id));
    monitor.addCloseListener(() -> changeListener.accept(id));
    qemu.onExit().thenRun(() -> changeListener.accept(id));
    registry.add(h);
    monitors.watch(h);
    return h;
  }

  /** A live process in the VM's cgroup: its QEMU, even when no record names it. */
  Optional<QemuProcess> inCgroup(String uid) {
    try {
      for (long pid : confinement.processes(uid)) {
        var ticks = QemuProcess.startTicks(pid);
        if (ticks.isPresent()) {
          var proc = QemuProcess.adopt(pid, ticks.getAsLong());
          if (proc.isPresent()) return proc;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list the cgroup of VM {}: {}", uid, e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * True when pid sits in the cgroup of another VM recorded here: a record naming it (a stale or copied one)
   * is never used to reconnect to, signal or kill that QEMU.
   */
  boolean foreign(String uid, long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
        String path = line.substring(line.lastIndexOf(':') + 1);
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (!last.isEmpty() && !last.equals(uid) && recorded(last)) return true;
      }
    } catch (IOException e) {
      return false; // gone: nothing to protect
    }
    return false;
  }

  private boolean recorded(String uid) {
    try {
      return store.load(uid).isPresent();
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.getMessage());
    }
  }

  /** Waits up to 10 s for qemu to exit after SIGKILL; false if it still lives (e.g. stuck in uninterruptible I/O). */
  static boolean awaitExit(QemuProcess qemu) {
    try {
      qemu.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !qemu.isAlive();
    } catch (Exception e) {
      LOG.warn("{} did not exit after SIGKILL: {}", qemu, e.toString());
      return !qemu.isAlive();
    }
  }
}
