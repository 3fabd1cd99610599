package io.virtnode.reconcile.vm;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.vm.DiskFacts;
import io.virtnode.node.vm.IdentityConflictException;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.StartRequest;
import io.virtnode.node.vm.StopProgress;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmLifecycle;
import io.virtnode.node.vm.VmObserver;
import io.virtnode.node.vm.VmRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.virtnode.node.domain.SpecDiff;
import io.virtnode.node.vm.VmHotplug;

/** A host for the reconciler: one VM whose state changes as the lifecycle calls say; every call is logged. */
final class FakeHost implements VmObserver, VmLifecycle, VmHotplug {
  final List<String> calls = new ArrayList<>();
  String runState = "stopped";
  boolean stopping;
  /** When set, the uid is recorded for this other VM: every call for it is refused. */
  VmIdentity recordedOwner;
  /** When set, the next change throws it. */
  VmRuntimeException nextFailure;
  StartRequest lastStart;
  /** The spec the fake QEMU runs with (set at start, changed by attach/detach). */
  DomainSpec running;
  /** When set, the next attach or detach throws it (and changes nothing). */
  VmRuntimeException nextHotplugFailure;

  @Override public Observation observe(VmIdentity id) throws VmRuntimeException {
    check(id);
    long pid = "stopped".equals(runState) ? 0 : 4242;
    return new Observation(runState, pid, stopping, null, pid == 0 ? null : "hash", Map.of(), null);
  }

  @Override public List<DiskFacts> diskFacts(VmIdentity id, List<DiskSpec> disks) { return List.of(); }

  @Override public String specHash(DomainSpec spec) { return "hash"; }

  @Override public Optional<SpecDiff> specDiff(VmIdentity id, DomainSpec wanted) {
    return "stopped".equals(runState) || running == null ? Optional.empty()
        : Optional.of(SpecDiff.compare(running, wanted));
  }

  @Override public void attach(VmIdentity id, DomainSpec wanted, DiskSpec disk) throws VmRuntimeException {
    hotplugChange(id, "attach " + disk.name());
    List<DiskSpec> disks = new ArrayList<>(running.disks());
    disks.add(disk);
    running = running.withDisks(disks);
  }

  @Override public void detach(VmIdentity id, DomainSpec wanted, String diskName) throws VmRuntimeException {
    hotplugChange(id, "detach " + diskName);
    running = running.withDisks(running.disks().stream().filter(d -> !d.name().equals(diskName)).toList());
  }

  private void hotplugChange(VmIdentity id, String what) throws VmRuntimeException {
    check(id);
    if (nextHotplugFailure != null) {
      var f = nextHotplugFailure;
      nextHotplugFailure = null;
      throw f;
    }
    calls.add(what);
  }

  @Override public String confinementSummary() { return "cgroup v2, user nobody"; }

  @Override public void start(StartRequest request) throws VmRuntimeException {
    change(request.id(), "start " + request.mode());
    lastStart = request;
    running = request.spec();
    runState = request.mode() == io.virtnode.node.vm.StartMode.Run ? "running" : "prelaunch";
  }

  @Override public void pause(VmIdentity id) throws VmRuntimeException {
    change(id, "pause");
    runState = "paused";
  }

  @Override public void resume(VmIdentity id) throws VmRuntimeException {
    change(id, "resume");
    runState = "running";
  }

  @Override public StopProgress stop(VmIdentity id) throws VmRuntimeException {
    change(id, "stop");
    runState = "stopped";
    return StopProgress.done();
  }

  @Override public java.util.List<io.virtnode.node.files.ImageDisposal> forget(VmIdentity id)
      throws VmRuntimeException {
    change(id, "forget");
    return java.util.List.of();
  }

  private void change(VmIdentity id, String what) throws VmRuntimeException {
    check(id);
    if (nextFailure != null) {
      var f = nextFailure;
      nextFailure = null;
      throw f;
    }
    calls.add(what);
  }

  private void check(VmIdentity id) throws IdentityConflictException {
    if (recordedOwner != null && recordedOwner.uid().equals(id.uid()) && !recordedOwner.equals(id)) {
      throw new IdentityConflictException(id, recordedOwner.namespace(), recordedOwner.name());
    }
  }
}
