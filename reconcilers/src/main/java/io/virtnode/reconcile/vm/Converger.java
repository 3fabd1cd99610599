package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.storage.StorageCheck;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.StartMode;
import io.virtnode.node.vm.StartRequest;
import io.virtnode.node.vm.StopProgress;
import io.virtnode.node.vm.VmBusyException;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmLifecycle;
import io.virtnode.node.vm.VmRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One step from what the host has towards what the spec asks: stop, start, pause, resume or a live change. */
final class Converger {
  /** How soon a VM refused for its storage is checked again (a missing file may be copied in). */
  static final Duration STORAGE_RECHECK = Duration.ofSeconds(30);
  /** How soon a VM another job holds is looked at again. */
  static final Duration BUSY_RECHECK = Duration.ofSeconds(2);
  /** How soon a VM whose monitor does not answer is looked at again (its recovery also triggers a look). */
  static final Duration UNRESPONSIVE_RECHECK = Duration.ofSeconds(15);

  private final VmLifecycle lifecycle;
  private final LiveChanges live;
  private final StorageGate storage;
  private final Duration restartDelay;
  private final Clock clock;

  Converger(VmLifecycle lifecycle, LiveChanges live, StorageGate storage, Duration restartDelay, Clock clock) {
    this.lifecycle = lifecycle;
    this.live = live;
    this.storage = storage;
    this.restartDelay = restartDelay;
    this.clock = clock;
  }

  Step converge(VirtualMachine vm, VmIdentity id, DomainSpec domain, Observation obs) throws Exception {
    VmState desired = vm.getSpec().state == null ? VmState.Running : vm.getSpec().state;
    try {
      if (desired == VmState.Stopped || obs.stopping()) return stop(id, desired, obs);
      if (!obs.processAlive()) return start(vm, id, domain, obs);
      if (obs.unresponsive()) return Step.again(UNRESPONSIVE_RECHECK); // no monitor call would be answered
      if (desired == VmState.Paused && obs.running()) lifecycle.pause(id);
      if (desired == VmState.Running && ("paused".equals(obs.runState()) || "prelaunch".equals(obs.runState()))) {
        lifecycle.resume(id);
      }
      return live.apply(id, domain);
    } catch (VmBusyException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), BUSY_RECHECK);
    } catch (VmRuntimeException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), Duration.ofSeconds(5));
    }
  }

  private Step stop(VmIdentity id, VmState desired, Observation obs) throws Exception {
    if (!obs.processAlive()) return Step.DONE;
    StopProgress p = lifecycle.stop(id);
    return p.stopped() ? (desired == VmState.Stopped ? Step.DONE : Step.again(Duration.ZERO))
        : Step.again(p.retryAfter());
  }

  private Step start(VirtualMachine vm, VmIdentity id, DomainSpec domain, Observation obs) throws Exception {
    var creations = SpecMapper.creations(vm);
    Set<Path> toCreate = new HashSet<>();
    creations.forEach(c -> toCreate.add(c.path()));
    List<StorageCheck.Problem> all = storage.check(new FileOwner(id.uid(), id.namespace(), id.name()), domain,
        toCreate);
    List<StorageCheck.Problem> problems = all.stream().filter(p -> !p.warning()).toList();
    Failure warning = all.stream().filter(StorageCheck.Problem::warning).findFirst()
        .map(w -> new Failure(w.reason(), w.message())).orElse(Step.NO_WARNING);
    if (!problems.isEmpty()) {
      StorageCheck.Problem first = problems.get(0);
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : "";
      return new Step(new Failure(first.reason(), first.message() + more), STORAGE_RECHECK, warning);
    }
    if (obs.lastExit() != null) {
      Duration since = Duration.between(obs.lastExit().at(), clock.instant());
      if (since.compareTo(restartDelay) < 0) return Step.again(restartDelay.minus(since));
    }
    StartMode mode = domain.startPaused() ? StartMode.Paused : StartMode.Run;
    try {
      lifecycle.start(new StartRequest(id, domain, creations, mode));
      return new Step(null, null, warning);
    } catch (VmBusyException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), BUSY_RECHECK, warning);
    } catch (VmRuntimeException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), e.permanent() ? null : restartDelay, warning);
    }
  }
}
