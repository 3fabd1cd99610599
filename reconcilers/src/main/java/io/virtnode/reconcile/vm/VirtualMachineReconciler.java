package io.virtnode.reconcile.vm;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.reconcile.status.Conditions;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.files.FileOwner;
import io.virtnode.node.files.ImageDisposal;
import io.virtnode.node.storage.StorageCheck;
import io.virtnode.node.vm.DiskCreation;
import io.virtnode.node.vm.DiskFacts;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.StopProgress;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmRuntime;
import io.virtnode.node.vm.VmRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The node agent's VirtualMachine reconciler: observe the host, check the spec against the node, converge
 * (start, pause, resume, stop), report status. Selected by the label virtnode.io/node=&lt;this node&gt;.
 */
@ControllerConfiguration(name = "vm-agent", finalizerName = ApiGroup.AGENT_FINALIZER)
public class VirtualMachineReconciler implements Reconciler<VirtualMachine>, Cleaner<VirtualMachine> {
  private final VmRuntime runtime;
  private final StorageCheck storage;
  private final String nodeName;
  private final Duration restartDelay;
  private final Clock clock;
  private final VmEvents events;
  private final SimpleInboundEventSource<VirtualMachine> hostEvents = new SimpleInboundEventSource<>("host");
  /** A check skipped on the way to a start (e.g. a root-squashed NFS file); the VM starts anyway. */
  public static final String STORAGE_WARNING = "StorageWarning";

  public VirtualMachineReconciler(VmRuntime runtime, StorageCheck storage, String nodeName, Duration restartDelay,
      VmEvents events, Clock clock) {
    this.runtime = runtime;
    this.storage = storage;
    this.nodeName = nodeName;
    this.restartDelay = restartDelay;
    this.events = events;
    this.clock = clock;
    runtime.onChange(id -> hostEvents.propagateEvent(new ResourceID(id.name(), id.namespace())));
  }

  @Override
  public List<EventSource<?, VirtualMachine>> prepareEventSources(EventSourceContext<VirtualMachine> ctx) {
    return List.of(hostEvents);
  }

  @Override
  public UpdateControl<VirtualMachine> reconcile(VirtualMachine vm, Context<VirtualMachine> ctx) throws Exception {
    VmIdentity id = SpecMapper.identity(vm);
    DomainSpec domain = SpecMapper.domain(vm);
    Observation before = runtime.observe(id.uid());
    Step step = converge(vm, id, domain, before);
    Observation after = runtime.observe(id.uid());
    boolean restartRequired = after.processAlive() && !after.stopping()
        && !Objects.equals(after.specHash(), runtime.specHash(domain));
    List<DiskFacts> disks = runtime.diskFacts(id.uid(), domain.disks());
    var status = VmStatusBuilder.build(vm, nodeName, after, step.failure(), restartRequired, disks, clock.instant());
    status.confinement = after.processAlive() ? runtime.confinementSummary() : null;
    if (step.storageWarning() != null) {
      status.conditions = step.storageWarning() == NO_WARNING
          ? Conditions.remove(status.conditions, STORAGE_WARNING)
          : Conditions.set(status.conditions, new Condition(STORAGE_WARNING, "True", step.storageWarning().reason(),
              step.storageWarning().message()), vm.getMetadata().getGeneration(), clock.instant());
    }
    events.transition(vm, vm.getStatus(), status);
    UpdateControl<VirtualMachine> control;
    if (sameStatus(vm, status)) {
      control = UpdateControl.noUpdate();
    } else {
      vm.setStatus(status);
      control = UpdateControl.patchStatus(vm);
    }
    if (step.retryAfter() != null) control.rescheduleAfter(step.retryAfter());
    return control;
  }

  /** One converging step; returns a failure to report and/or when to look again. */
  private Step converge(VirtualMachine vm, VmIdentity id, DomainSpec domain, Observation obs) throws Exception {
    VmState desired = vm.getSpec().state == null ? VmState.Running : vm.getSpec().state;
    if (desired == VmState.Stopped || obs.stopping()) {
      if (!obs.processAlive()) return Step.DONE;
      StopProgress p = runtime.stop(id.uid());
      return p.stopped() ? (desired == VmState.Stopped ? Step.DONE : Step.again(Duration.ZERO))
          : Step.again(p.retryAfter());
    }
    if (!obs.processAlive()) return start(id, domain, SpecMapper.creations(vm), obs);
    try {
      if (desired == VmState.Paused && obs.running()) runtime.pause(id.uid());
      if (desired == VmState.Running && ("paused".equals(obs.runState()) || "prelaunch".equals(obs.runState()))) {
        runtime.resume(id.uid());
      }
      return Step.DONE;
    } catch (VmRuntimeException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), Duration.ofSeconds(5));
    }
  }

  private Step start(VmIdentity id, DomainSpec domain, List<DiskCreation> creations, Observation obs)
      throws Exception {
    var toCreate = new HashSet<java.nio.file.Path>();
    creations.forEach(c -> toCreate.add(c.path()));
    List<StorageCheck.Problem> all = storage.check(new FileOwner(id.uid(), id.namespace(), id.name()), domain, toCreate);
    List<StorageCheck.Problem> problems = all.stream().filter(p -> !p.warning()).toList();
    Failure warning = all.stream().filter(StorageCheck.Problem::warning).findFirst()
        .map(w -> new Failure(w.reason(), w.message())).orElse(NO_WARNING);
    if (!problems.isEmpty()) {
      StorageCheck.Problem first = problems.get(0);
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : "";
      return new Step(new Failure(first.reason(), first.message() + more), STORAGE_RECHECK, warning);
    }
    if (obs.lastExit() != null) {
      Duration since = Duration.between(obs.lastExit().at(), clock.instant());
      if (since.compareTo(restartDelay) < 0) return Step.again(restartDelay.minus(since));
    }
    try {
      runtime.start(id, domain, creations);
      return new Step(null, null, warning);
    } catch (VmRuntimeException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), e.permanent() ? null : restartDelay, warning);
    }
  }

  @Override
  public DeleteControl cleanup(VirtualMachine vm, Context<VirtualMachine> ctx) throws Exception {
    String uid = vm.getMetadata().getUid();
    StopProgress p = runtime.stop(uid);
    if (!p.stopped()) return DeleteControl.noFinalizerRemoval().rescheduleAfter(p.retryAfter());
    var images = runtime.forget(uid);
    events.deleted(vm, images.stream().filter(d -> d.outcome() != ImageDisposal.Outcome.GONE)
        .map(ImageDisposal::describe).toList());
    return DeleteControl.defaultDelete();
  }

  /** Equal but for disk usage, which moves with every guest write and is refreshed with the next real change. */
  private static boolean sameStatus(VirtualMachine vm, io.virtnode.api.v1alpha1.VirtualMachineStatus s) {
    if (vm.getStatus() == null) return false;
    var mapper = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    var old = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(vm.getStatus());
    var now = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(s);
    if (old.has("disks") != now.has("disks")) return false;
    old.remove("disks");
    now.remove("disks");
    return old.equals(now);
  }

  /** How soon a VM refused for its storage is checked again (a missing file may be copied in). */
  private static final Duration STORAGE_RECHECK = Duration.ofSeconds(30);

  /** No storage warning: checks ran and found nothing to warn about. */
  private static final Failure NO_WARNING = new Failure("", "");

  /** Outcome of one converging step; storageWarning is null when no storage check ran in it. */
  private record Step(Failure failure, Duration retryAfter, Failure storageWarning) {
    static final Step DONE = new Step(null, null, null);

    Step(Failure failure, Duration retryAfter) { this(failure, retryAfter, null); }

    static Step again(Duration d) { return new Step(null, d.isZero() ? Duration.ofMillis(200) : d); }
  }
}
