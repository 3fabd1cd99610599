package io.virtnode.node.vm;

import io.virtnode.node.cgroup.DeviceRule;
import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainPlan;
import io.virtnode.node.domain.DomainPlanner;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.PlanException;
import io.virtnode.node.isolation.Confinement;
import io.virtnode.node.ports.PortAllocator;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuLauncher;
import io.virtnode.node.qemu.QmpConnector;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VMs of this node, behind two roles: {@link VmLifecycle} (changes, each as the VM's job) and
 * {@link VmObserver} (read-only). Delegates to one class per concern: starter (host steps with claims),
 * stopper, observations, reaper, recovery, cleanup, device access. Every call names the VM by uid AND
 * namespace/name; a uid recorded for another VM is refused with IdentityConflictException.
 */
public final class VmRuntime implements VmLifecycle, VmObserver, VmHotplug, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VmRuntime.class);
  /** runState of a live QEMU whose monitor the agent refused or cannot reach. */
  public static final String MONITOR_UNREACHABLE = "monitor-unreachable";
  /** runState of a live QEMU whose monitor stopped answering (the watchdog's check timed out); it may recover. */
  public static final String MONITOR_UNRESPONSIVE = "monitor-unresponsive";

  private final VmHost host;
  private final IdentityGuard identity;
  private final VmJobs jobs;
  private final VmReaper reaper;
  private final VmStarter starter;
  private final VmStopper stopper;
  private final VmObservations observations;
  private final VmCleanup cleanup;
  private final VmDevices devices;
  private final VmDiskHotplug hotplug;

  public VmRuntime(RuntimeSettings settings, RuntimeStore store, PortAllocator vncPorts, QemuLauncher launcher,
      QmpConnector connector, Supplier<Capabilities> capabilities, DomainPlanner planner, DiskImageCreator images,
      Confinement confinement, Clock clock, io.virtnode.node.files.FileRegistry files) {
    this.host = new VmHost(settings, store, vncPorts, launcher, connector, capabilities, planner, images,
        confinement, clock);
    StartPipeline pipeline = new StartPipeline(HostSteps.standard(host));
    ClaimRelease release = new ClaimRelease(pipeline.steps());
    this.identity = new IdentityGuard(store, host.registry);
    this.jobs = new VmJobs(host.jobs);
    this.reaper = new VmReaper(host, release);
    this.starter = new VmStarter(host, pipeline, jobs);
    this.stopper = new VmStopper(host, jobs, reaper);
    this.observations = new VmObservations(host, jobs, reaper);
    this.cleanup = new VmCleanup(host, jobs, reaper, release, files);
    this.devices = new VmDevices(host, jobs);
    this.hotplug = new VmDiskHotplug(host, jobs, devices);
  }

  /** Called (on a monitor thread, must not block) whenever a VM's QEMU changes state or exits. */
  public void onChange(Consumer<VmIdentity> listener) { host.changeListener = listener; }

  /** Reconnects to the QEMUs recorded as running; records whose QEMU is gone get an exit. */
  public void recover() throws IOException {
    new VmRecovery(host, reaper).recover();
    hotplug.recover();
  }

  @Override public void attach(VmIdentity id, DomainSpec wanted, DiskSpec disk) throws VmRuntimeException, IOException {
    identity.check(id);
    hotplug.attach(id, wanted, disk);
  }

  @Override public void detach(VmIdentity id, DomainSpec wanted, String diskName)
      throws VmRuntimeException, IOException {
    identity.check(id);
    hotplug.detach(id, wanted, diskName);
  }

  @Override public List<DiskError> diskErrors(VmIdentity id) {
    var h = host.registry.handle(id.uid()).filter(x -> x.id.equals(id));
    if (h.isEmpty()) return List.of();
    java.util.Map<String, String> nodes;
    try {
      nodes = host.store.load(id.uid()).map(VmRecord::process).map(p -> p.diskNodeNames()).orElse(java.util.Map.of());
    } catch (IOException e) {
      nodes = java.util.Map.of();
    }
    var byNode = nodes;
    return h.get().diskErrors().stream().map(e -> new DiskError(e.diskName(byNode).orElse(e.nodeName()),
        e.operation(), e.reason(), e.stoppedGuest())).toList();
  }

  @Override public java.util.Optional<io.virtnode.node.domain.SpecDiff> specDiff(VmIdentity id, DomainSpec wanted)
      throws IOException {
    var p = host.store.load(id.uid()).filter(r -> r.ownedBy(id.uid(), id.namespace(), id.name()))
        .map(VmRecord::process).orElse(null);
    return p == null || p.pid() == 0 ? java.util.Optional.empty() : java.util.Optional.of(RunningSpecs.diff(p, wanted));
  }

  /** Probes the QEMU binary now (cached by path and mtime), so the first VM start does not pay for it. */
  public Capabilities capabilities() { return host.capabilities.get(); }

  @Override public Observation observe(VmIdentity id) throws VmRuntimeException, IOException {
    VmRecord rec = identity.check(id).orElse(null);
    return observations.observe(id, rec);
  }

  /**
   * The host's view of whatever this node has under uid, as its record (or live QEMU) names it: a read for
   * tools and tests that know only the uid. Changes always name the whole identity.
   */
  public Observation observe(String uid) throws IOException {
    var live = host.registry.liveIdentity(uid);
    VmRecord rec = host.store.load(uid).orElse(null);
    VmIdentity id = live.orElse(rec != null ? new VmIdentity(uid, rec.namespace(), rec.name()) : new VmIdentity(uid, "", ""));
    return observations.observe(id, rec);
  }

  /** The argv this spec would run with, without touching the host (render). */
  public DomainPlan render(String uid, DomainSpec spec, Integer vncPort) throws PlanException {
    return host.planner.plan(spec, host.context(uid, vncPort, AddressBook.EMPTY));
  }

  @Override public void start(StartRequest request) throws VmRuntimeException, IOException {
    identity.check(request.id());
    starter.start(request);
  }

  /** Starts in the mode the spec implies (Paused when it asks to start paused, else Run). */
  public void start(VmIdentity id, DomainSpec spec, List<DiskCreation> creations)
      throws VmRuntimeException, IOException {
    start(new StartRequest(id, spec, creations, null));
  }

  @Override public void pause(VmIdentity id) throws VmRuntimeException { command(id, "stop", JobKind.Stop); }

  @Override public void resume(VmIdentity id) throws VmRuntimeException { command(id, "cont", JobKind.Start); }

  private void command(VmIdentity id, String cmd, JobKind kind) throws VmRuntimeException {
    try {
      identity.check(id);
      try (var job = jobs.take(id, kind)) {
        VmHandle h = host.registry.handle(id.uid())
            .orElseThrow(() -> new VmRuntimeException("NotRunning", "QEMU is not running", false));
        if (host.monitors.unresponsive(id.uid())) {
          throw new VmRuntimeException("MonitorUnresponsive", cmd + " not sent: the monitor of QEMU pid "
              + h.process.pid() + " does not answer; it is sent once the monitor answers again", false);
        }
        h.monitor.execute(cmd, null);
      }
    } catch (QmpException e) {
      throw new VmRuntimeException("MonitorError", cmd + ": " + e.getMessage(), false, e);
    } catch (io.virtnode.node.state.StateWriteException e) {
      throw new VmRuntimeException("StateDirUnwritable", cmd + " not sent: " + e.getMessage()
          + "; free space on the agent's stateDir or make it writable, the agent retries", false, e);
    } catch (IOException e) {
      throw new VmRuntimeException("StateUnreadable", "runtime record of VM " + id.displayName() + ": "
          + e.getMessage(), false, e);
    }
  }

  @Override public StopProgress stop(VmIdentity id) throws VmRuntimeException, IOException {
    identity.check(id);
    return stopper.stop(id);
  }

  @Override public List<io.virtnode.node.files.ImageDisposal> forget(VmIdentity id)
      throws VmRuntimeException, IOException {
    identity.check(id);
    return cleanup.forget(id);
  }

  /**
   * Takes the VM's job for a change made of several calls (a hotplug, a migration): the calls of this
   * runtime made on the same thread while it is held join it; others wait or report busy. Close it to end.
   */
  public io.virtnode.node.state.JobLock.Job job(VmIdentity id, JobKind kind) throws VmRuntimeException, IOException {
    identity.check(id);
    return jobs.take(id, kind);
  }

  /** The monitor of the VM's running QEMU, for typed commands of a job the caller holds; empty when none runs. */
  public java.util.Optional<io.virtnode.node.qemu.QmpClient> monitor(VmIdentity id) throws VmRuntimeException,
      IOException {
    identity.check(id);
    return host.registry.handle(id.uid()).filter(h -> h.id.equals(id)).map(h -> h.monitor);
  }

  /** Allows a device in the running VM's cgroup (before a device_add); recorded first. */
  public void allowDevice(VmIdentity id, DeviceRule rule) throws VmRuntimeException, IOException {
    identity.check(id);
    devices.allow(id, rule);
  }

  /** Removes a device from the running VM's cgroup ACL (after DEVICE_DELETED). */
  public void denyDevice(VmIdentity id, DeviceRule rule) throws VmRuntimeException, IOException {
    identity.check(id);
    devices.deny(id, rule);
  }

  @Override public List<DiskFacts> diskFacts(VmIdentity id, List<DiskSpec> disks) {
    return observations.diskFacts(id, disks);
  }

  /**
   * Records of VMs that no longer exist (none of known has their uid, namespace and name): reported, never
   * acted on — their QEMUs keep running and no other VM adopts them.
   */
  public List<VmRecord> orphans(Collection<VmIdentity> known) throws IOException {
    Set<VmIdentity> ids = Set.copyOf(known);
    return host.store.loadAll().stream().filter(r -> !ids.contains(new VmIdentity(r.uid(), r.namespace(), r.name())))
        .collect(Collectors.toList());
  }

  /** Hash of the plan input that matters for a restart (the start-paused flag does not). */
  @Override public String specHash(DomainSpec spec) { return hash(spec); }

  /** The hash agents before spec diffs recorded; frozen, so records they wrote still match an unchanged spec. */
  static String hash(DomainSpec spec) {
    return io.virtnode.node.domain.LegacySpecHash.of(spec);
  }

  /** Caps the log of every running QEMU (call periodically); rotated logs are kept as qemu.log.1. */
  public void rotateLogs() {
    host.registry.all().forEach(h -> QemuLogs.rotate(host.logFile(h.id.uid()), VmHost.LOG_LIMIT_BYTES));
  }

  @Override public String confinementSummary() { return host.confinement.describe(); }

  /**
   * Closes the monitor watchdog, monitor sessions and console drains; QEMUs keep running (the agent may be
   * restarted: they reconnect to the drains it serves again on recovery).
   */
  @Override public void close() {
    host.monitors.watchdog.close();
    host.registry.closeAll();
    host.consoles.close();
  }

  /** Stops every running QEMU at once (virtnode dev --cleanup). */
  public void killAll() {
    host.registry.markClosing();
    for (VmHandle h : host.registry.all()) {
      try { // asked for: not a crash
        var rec = host.store.load(h.id.uid()).filter(r -> r.process() != null);
        if (rec.isPresent()) host.store.save(rec.get().withProcess(rec.get().process().withStopRequestedAt(
            host.clock.millis())));
      } catch (IOException e) {
        LOG.warn("VM {}: {}", h.id.displayName(), e.getMessage());
      }
      h.process.kill();
    }
    for (VmHandle h : host.registry.all()) {
      if (!VmHost.awaitExit(h.process)) continue; // still alive: nothing of it may be given back yet
      try {
        reaper.reap(h);
      } catch (IOException e) {
        LOG.warn("VM {}: {}", h.id.displayName(), e.getMessage());
      }
    }
  }
}
