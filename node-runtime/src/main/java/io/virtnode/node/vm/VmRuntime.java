package io.virtnode.node.vm;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DomainPlan;
import io.virtnode.node.domain.DomainPlanner;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.PlanContext;
import io.virtnode.node.domain.PlanException;
import io.virtnode.node.domain.RuntimePaths;
import io.virtnode.node.ports.PortAllocator;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuLauncher;
import io.virtnode.node.qemu.QemuProcess;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpConnector;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.state.StateWriteException;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the VMs of this node: plans, records, spawns and drives QEMU, notices exits, and reconnects after
 * an agent restart. Every method is idempotent and keyed by the VM's uid; callers serialize per VM.
 */
public final class VmRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VmRuntime.class);
  /** runState of a live QEMU whose monitor the agent refused or cannot reach. */
  public static final String MONITOR_UNREACHABLE = "monitor-unreachable";
  /** A QEMU log past this size is rotated when QEMU (re)starts. */
  static final long LOG_LIMIT_BYTES = 1L << 20;

  final RuntimeSettings settings;
  final RuntimeStore store;
  final PortAllocator vncPorts;
  final QemuLauncher launcher;
  private final QmpConnector connector;
  private final Supplier<Capabilities> capabilities;
  final DomainPlanner planner;
  final DiskImageCreator images;
  final io.virtnode.node.isolation.Confinement confinement;
  final Clock clock;
  private final io.virtnode.node.files.FileRegistry files;
  final Map<String, VmHandle> handles = new ConcurrentHashMap<>();
  final Map<String, ExitInfo> exits = new ConcurrentHashMap<>();
  /** Live QEMUs whose monitor cannot be trusted or reached: never started twice, only stopped by signal. */
  final Map<String, QemuProcess> unreachable = new ConcurrentHashMap<>();
  private volatile Consumer<VmIdentity> changeListener = id -> { };
  /** Set once the agent kills its VMs on the way out: no start may begin after that. */
  volatile boolean closing;

  public VmRuntime(RuntimeSettings settings, RuntimeStore store, PortAllocator vncPorts, QemuLauncher launcher,
      QmpConnector connector, Supplier<Capabilities> capabilities, DomainPlanner planner, DiskImageCreator images,
      io.virtnode.node.isolation.Confinement confinement, Clock clock, io.virtnode.node.files.FileRegistry files) {
    this.files = files;
    this.settings = settings;
    this.store = store;
    this.vncPorts = vncPorts;
    this.launcher = launcher;
    this.connector = connector;
    this.capabilities = capabilities;
    this.planner = planner;
    this.images = images;
    this.confinement = confinement;
    this.clock = clock;
  }

  /** Called (on a monitor thread, must not block) whenever a VM's QEMU changes state or exits. */
  public void onChange(Consumer<VmIdentity> listener) { this.changeListener = listener; }

  /** Reconnects to the QEMUs recorded as running; records whose QEMU is gone get an exit. */
  public void recover() throws IOException {
    new VmRecovery(this).recover();
  }

  /** A live process in the VM's cgroup: its QEMU, even when no record names it. */
  java.util.Optional<QemuProcess> inCgroup(String uid) {
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
    return java.util.Optional.empty();
  }

  /** Probes the QEMU binary now (cached by path and mtime), so the first VM start does not pay for it. */
  public Capabilities capabilities() { return capabilities.get(); }

  /** Host view of the VM. */
  public Observation observe(String uid) throws IOException {
    VmHandle h = handles.get(uid);
    VmRecord rec = store.load(uid).orElse(null);
    Map<String, String> addresses = rec == null ? Map.of() : rec.addresses();
    if (h != null && !h.process.isAlive()) {
      reap(h);
      h = null;
    }
    ProcessRecord p = rec == null ? null : rec.process();
    QemuProcess lost = unreachable.get(uid);
    if (h == null && lost != null) {
      if (lost.isAlive()) {
        return new Observation(MONITOR_UNREACHABLE, lost.pid(), p != null && p.stopRequestedAt() != null,
            p == null ? null : p.vncEndpoint(), p == null ? null : p.specHash(), addresses, exits.get(uid));
      }
      unreachable.remove(uid);
      confinement.release(uid);
      if (p != null) releasePort(uid, p.vncPort());
      if (rec != null) store.save(rec.withProcess(null));
    }
    if (h == null) {
      return new Observation("stopped", 0, false, null, null, addresses, exits.get(uid));
    }
    if (!h.monitor.isOpen()) {
      if (exitsSoon(h.process)) return observe(uid); // EOF of a dying QEMU can arrive before it is reaped
      if (handles.remove(uid, h)) { // QEMU lives but its monitor is gone: never reconnected
        LOG.error("VM {}: the monitor of {} closed while it runs; it is left running, unmanaged",
            h.id.displayName(), h.process);
        unreachable.put(uid, h.process);
      }
      return observe(uid);
    }
    String state;
    try {
      state = h.monitor.execute("query-status", null).path("status").asText(MONITOR_UNREACHABLE);
    } catch (QmpException e) {
      if (!h.process.isAlive()) return observe(uid);
      state = MONITOR_UNREACHABLE; // a timeout: not a pause, and nothing to act on until it answers again
    }
    boolean stopping = p != null && p.stopRequestedAt() != null;
    return new Observation(state, h.process.pid(), stopping, p == null ? null : p.vncEndpoint(),
        p == null ? null : p.specHash(), addresses, exits.get(uid));
  }

  /** The argv this spec would run with, without touching the host (render). */
  public DomainPlan render(String uid, DomainSpec spec, Integer vncPort) throws PlanException {
    return planner.plan(spec, context(uid, vncPort, AddressBook.EMPTY));
  }

  /** Starts QEMU for the VM (creating asked-for blank images first); no-op when it runs already. */
  public void start(VmIdentity id, DomainSpec spec, List<DiskCreation> creations)
      throws VmRuntimeException, StateWriteException {
    new VmStarter(this).start(id, spec, creations);
  }

  /** Stops the guest's CPUs. */
  public void pause(String uid) throws VmRuntimeException { command(uid, "stop"); }

  /** Resumes the guest's CPUs. */
  public void resume(String uid) throws VmRuntimeException { command(uid, "cont"); }

  private void command(String uid, String cmd) throws VmRuntimeException {
    VmHandle h = handles.get(uid);
    if (h == null) throw new VmRuntimeException("NotRunning", "QEMU is not running", false);
    try {
      h.monitor.execute(cmd, null);
    } catch (QmpException e) {
      throw new VmRuntimeException("MonitorError", cmd + ": " + e.getMessage(), false, e);
    }
  }

  /** Gracefully stops QEMU: powerdown, quit after the grace period, SIGKILL as a last resort. */
  public StopProgress stop(String uid) throws IOException {
    return new VmStopper(this, settings.stopGracePeriod(), clock).stop(uid);
  }

  /**
   * Forgets a deleted VM: kills what still runs, releases its port, runtime dir, record, and the files created
   * for it that no other VM holds (the result says which were removed and which kept).
   */
  public List<io.virtnode.node.files.ImageDisposal> forget(String uid) throws IOException {
    VmHandle h = handles.get(uid);
    if (h != null) {
      h.process.kill();
      if (!awaitExit(h.process)) {
        throw new IOException("QEMU " + h.process + " did not exit after SIGKILL; its files stay labelled for it"
            + " until it does (retrying)");
      }
      reap(h);
    }
    VmRecord rec = store.load(uid).orElse(null);
    confinement.release(uid);
    for (var held = vncPorts.heldBy(uid); held.isPresent(); held = vncPorts.heldBy(uid)) {
      vncPorts.release(held.getAsInt(), uid);
    }
    deleteTree(paths(uid).dir());
    Files.deleteIfExists(logFile(uid));
    Files.deleteIfExists(logFile(uid).resolveSibling(uid + ".log.1"));
    var disposals = files.dispose(uid, rec == null ? List.of() : rec.createdFiles().stream().map(Path::of).toList(),
        new io.virtnode.node.files.FileProbe());
    for (var d : disposals) {
      if (d.outcome() == io.virtnode.node.files.ImageDisposal.Outcome.REMOVE) Files.deleteIfExists(d.path());
      else LOG.info("VM {}: {}", uid, d.describe());
    }
    store.delete(uid);
    exits.remove(uid);
    return disposals;
  }

  /** capacity/allocation/physical per disk, from query-block, query-blockstats and stat. */
  public java.util.List<DiskFacts> diskFacts(String uid, List<io.virtnode.node.domain.DiskSpec> disks) {
    VmHandle h = handles.get(uid);
    if (h == null) return java.util.List.of();
    try {
      VmRecord rec = store.load(uid).orElseThrow();
      Map<String, io.virtnode.node.domain.DiskSpec> byName = new java.util.HashMap<>();
      disks.forEach(d -> byName.put(d.name(), d));
      return BlockFacts.collect(h.monitor, rec.process().diskNodeNames(), byName, settings.qmpTimeout());
    } catch (Exception e) {
      LOG.debug("disk facts of {} unavailable: {}", uid, e.getMessage());
      return java.util.List.of();
    }
  }

  // ---- package-private plumbing shared with VmStopper ----

  VmHandle handle(String uid) { return handles.get(uid); }

  QemuProcess unreachable(String uid) { return unreachable.get(uid); }

  /** Keeps track of a QEMU the agent could not connect to or kill, so it is never started twice. */
  void lose(String uid, QemuProcess qemu) { unreachable.put(uid, qemu); }

  RuntimeStore store() { return store; }

  /** Drops a dead QEMU: closes its monitor, records why it ended, releases its port. */
  void reap(VmHandle h) throws StateWriteException {
    if (!handles.remove(h.id.uid(), h)) return;
    h.monitor.close();
    VmRecord rec;
    try {
      rec = store.load(h.id.uid()).orElse(null);
    } catch (IOException e) {
      rec = null;
    }
    boolean asked = rec != null && rec.process() != null && rec.process().stopRequestedAt() != null;
    if (!asked) {
      String why = h.process.exitDescription().orElse(null);
      String reason = h.shutdownReason != null ? h.shutdownReason : why != null ? why : "exited unexpectedly";
      exits.put(h.id.uid(), new ExitInfo(clock.instant(), reason));
      LOG.warn("VM {}: QEMU {} ended unexpectedly: {}", h.id.displayName(), h.process, reason);
    }
    confinement.release(h.id.uid());
    if (rec != null && rec.process() != null && rec.process().pid() == h.process.pid()) {
      releasePort(h.id.uid(), rec.process().vncPort());
      deleteQuietly(paths(h.id.uid()).qmpSocket());
      deleteQuietly(paths(h.id.uid()).vncSocket());
      store.save(rec.withProcess(null));
    }
  }

  VmHandle attach(VmIdentity id, QemuProcess qemu, RuntimePaths paths) throws QmpException {
    QmpClient monitor = connector.connect(paths.qmpSocket(), qemu::isAlive);
    var peer = monitor.peerPid();
    if (peer.isPresent() && peer.getAsLong() != qemu.pid()) { // the socket was swapped for another QEMU's
      monitor.close();
      throw new QmpException.Closed("monitor socket " + paths.qmpSocket() + " is served by pid " + peer.getAsLong()
          + ", not by this VM's QEMU " + qemu.pid() + "; refusing it");
    }
    VmHandle h = new VmHandle(id, qemu, monitor);
    monitor.addEventListener(e -> {
      h.onEvent(e);
      if (!"RESUME".equals(e.name())) changeListener.accept(id); // only the agent resumes CPUs: no news
    });
    monitor.addCloseListener(() -> changeListener.accept(id));
    qemu.onExit().thenRun(() -> changeListener.accept(id));
    handles.put(id.uid(), h);
    return h;
  }

  PlanContext context(String uid, Integer vncPort, AddressBook previous) {
    return new PlanContext(paths(uid), capabilities.get(), vncPort, settings.vncListen(),
        settings.vncAllowHostAudio(), previous, true);
  }

  /** QEMU's output, kept where only the agent can write (the runtime dir belongs to the QEMU user). */
  Path logFile(String uid) {
    return settings.stateDir().resolve("logs").resolve(uid + ".log");
  }

  RuntimePaths paths(String uid) {
    return new RuntimePaths(settings.runDir().resolve(uid));
  }

  void releasePort(String uid, Integer port) {
    if (port != null) vncPorts.release(port, uid);
  }

  /** Hash of the plan input that matters for a restart (the start-paused flag does not). */
  public String specHash(DomainSpec spec) { return hash(spec); }

  static String hash(DomainSpec spec) {
    DomainSpec normalized = new DomainSpec(spec.name(), spec.uuid(), spec.cpus(), spec.memoryMiB(), spec.machine(),
        spec.disks(), spec.scsiControllers(), spec.serials(), spec.consoles(), spec.parallels(), spec.channels(),
        spec.vnc(), false);
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(normalized.toString().getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.getMessage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Closes monitor sessions; QEMUs keep running (the agent may be restarted). */
  @Override public void close() {
    handles.values().forEach(h -> h.monitor.close());
    handles.clear();
  }

  /** True when qemu exits within a second (a bounded wait on its exit, only after its monitor closed). */
  private static boolean exitsSoon(QemuProcess qemu) {
    try {
      qemu.onExit().get(1, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !qemu.isAlive();
    }
  }

  /** Waits up to 10 s for qemu to exit after SIGKILL; false if it still lives (e.g. stuck in uninterruptible I/O). */
  static boolean awaitExit(QemuProcess qemu) {
    try {
      qemu.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      LOG.warn("{} did not exit after SIGKILL: {}", qemu, e.toString());
      return !qemu.isAlive();
    }
  }


  /** Caps the log of every running QEMU (call periodically); rotated logs are kept as qemu.log.1. */
  public void rotateLogs() {
    handles.keySet().forEach(uid -> QemuLogs.rotate(logFile(uid), LOG_LIMIT_BYTES));
  }

  /** "cgroup v1, user nobody": how QEMUs are confined here. */
  public String confinementSummary() { return confinement.describe(); }

  /** Stops every running QEMU at once (virtnode dev --cleanup). */
  public void killAll() {
    closing = true;
    for (VmHandle h : handles.values()) {
      try { // asked for: not a crash
        store.load(h.id.uid()).filter(r -> r.process() != null).ifPresent(r -> {
          try {
            store.save(r.withProcess(r.process().withStopRequestedAt(clock.millis())));
          } catch (StateWriteException e) {
            LOG.warn("VM {}: {}", h.id.displayName(), e.getMessage());
          }
        });
      } catch (IOException e) {
        LOG.warn("VM {}: {}", h.id.displayName(), e.getMessage());
      }
      h.process.kill();
    }
    for (VmHandle h : java.util.List.copyOf(handles.values())) {
      if (!awaitExit(h.process)) continue; // still alive: nothing of it may be given back yet
      try {
        reap(h);
      } catch (IOException e) {
        LOG.warn("VM {}: {}", h.id.displayName(), e.getMessage());
      }
    }
  }

}
