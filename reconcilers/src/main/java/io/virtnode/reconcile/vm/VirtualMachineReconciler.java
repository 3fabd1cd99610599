package io.virtnode.reconcile.vm;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.files.ImageDisposal;
import io.virtnode.node.vm.IdentityConflictException;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.StopProgress;
import io.virtnode.node.vm.VmHotplug;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmLifecycle;
import io.virtnode.node.vm.VmObserver;
import io.virtnode.reconcile.status.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's VirtualMachine reconciler: identify, observe, converge, report, write the agent's part of
 * the status. Selected by the label virtnode.io/node=&lt;this node&gt;; its finalizer is this node's
 * (set when registered). A VM whose uid is recorded for another VM is reported, and nothing is touched.
 */
@ControllerConfiguration(name = "vm-agent")
public class VirtualMachineReconciler implements Reconciler<VirtualMachine>, Cleaner<VirtualMachine> {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualMachineReconciler.class);
  /** A check skipped on the way to a start (e.g. a root-squashed NFS file); the VM starts anyway. */
  public static final String STORAGE_WARNING = VmReport.STORAGE_WARNING;
  /** How soon a VM in identity conflict is looked at again. */
  static final Duration CONFLICT_RECHECK = Duration.ofSeconds(60);

  private final VmObserver observer;
  private final VmLifecycle lifecycle;
  private final Converger converger;
  private final VmReport report;
  private final StatusWriter status;
  private final VmEventSink events;
  private final Clock clock;
  private final SimpleInboundEventSource<VirtualMachine> hostEvents = new SimpleInboundEventSource<>("host");

  public VirtualMachineReconciler(VmObserver observer, VmLifecycle lifecycle, VmHotplug hotplug, StorageGate storage,
      Duration restartDelay, StatusWriter status, VmEventSink events, Clock clock) {
    this.observer = observer;
    this.lifecycle = lifecycle;
    this.converger = new Converger(lifecycle, new LiveChanges(observer, hotplug), storage, restartDelay, clock);
    this.report = new VmReport(observer, clock);
    this.status = status;
    this.events = events;
    this.clock = clock;
  }

  /** What the host says changed about a VM (a QEMU event or exit) becomes a reconcile of it. */
  public Consumer<VmIdentity> hostChanges() {
    return id -> hostEvents.propagateEvent(new ResourceID(id.name(), id.namespace()));
  }

  @Override
  public List<EventSource<?, VirtualMachine>> prepareEventSources(EventSourceContext<VirtualMachine> ctx) {
    return List.of(hostEvents);
  }

  @Override
  public UpdateControl<VirtualMachine> reconcile(VirtualMachine vm, Context<VirtualMachine> ctx) throws Exception {
    VmIdentity id = SpecMapper.identity(vm);
    DomainSpec domain = SpecMapper.domain(vm);
    Observation before;
    try {
      before = observer.observe(id);
      Step step = converger.converge(vm, id, domain, before);
      return write(vm, report.status(vm, id, domain, step), step.retryAfter());
    } catch (IdentityConflictException e) {
      LOG.error("VM {}: {}", id.displayName(), e.getMessage());
      return write(vm, report.conflict(vm, e), CONFLICT_RECHECK);
    } catch (Exception e) {
      var unwritable = StateFailures.cause(e).orElseThrow(() -> e);
      Duration retry = StateFailures.backoff(vm, clock.instant());
      LOG.error("VM {}: {}; retrying in {} s", id.displayName(), unwritable.getMessage(), retry.toSeconds());
      return write(vm, ErrorReport.status(vm, StateFailures.failure(unwritable), clock.instant()), retry);
    }
  }

  private UpdateControl<VirtualMachine> write(VirtualMachine vm, VirtualMachineStatus next, Duration retryAfter) {
    events.transition(vm, vm.getStatus(), next);
    if (!VmReport.sameStatus(vm, next)) status.write(vm, next);
    UpdateControl<VirtualMachine> control = UpdateControl.noUpdate();
    if (retryAfter != null) control.rescheduleAfter(retryAfter);
    return control;
  }

  @Override
  public DeleteControl cleanup(VirtualMachine vm, Context<VirtualMachine> ctx) throws Exception {
    VmIdentity id = SpecMapper.identity(vm);
    List<String> kept;
    try {
      StopProgress p = lifecycle.stop(id);
      if (!p.stopped()) return DeleteControl.noFinalizerRemoval().rescheduleAfter(p.retryAfter());
      kept = lifecycle.forget(id).stream().filter(d -> d.outcome() != ImageDisposal.Outcome.GONE)
          .map(ImageDisposal::describe).toList();
    } catch (IdentityConflictException e) { // the record is another VM's: it and its QEMU stay as they are
      LOG.warn("VM {} deleted; uid {} is recorded for another VM, which is left alone", id.displayName(), id.uid());
      return DeleteControl.defaultDelete();
    } catch (Exception e) { // a record that cannot be written: said in the status, the deletion waits for it
      var unwritable = StateFailures.cause(e).orElseThrow(() -> e);
      Duration retry = StateFailures.backoff(vm, clock.instant());
      LOG.error("VM {} deleted: {}; retrying in {} s", id.displayName(), unwritable.getMessage(), retry.toSeconds());
      write(vm, ErrorReport.status(vm, StateFailures.failure(unwritable), clock.instant()), null);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
    }
    events.deleted(vm, kept);
    return DeleteControl.defaultDelete();
  }

  /** Any exception out of reconcile: Failed/Ready=False with AgentError, or RetriesExhausted on the last try. */
  @Override
  public ErrorStatusUpdateControl<VirtualMachine> updateErrorStatus(VirtualMachine vm, Context<VirtualMachine> ctx,
      Exception e) {
    var retry = ctx == null ? java.util.Optional.<RetryInfo>empty() : ctx.getRetryInfo();
    int attempt = retry.map(RetryInfo::getAttemptCount).orElse(1);
    boolean exhausted = retry.map(RetryInfo::isLastAttempt).orElse(false);
    LOG.warn("VM {}/{}: reconcile failed (attempt {}{}): {}", vm.getMetadata().getNamespace(),
        vm.getMetadata().getName(), attempt, exhausted ? ", the last" : "", e.toString());
    try {
      VirtualMachineStatus next = ErrorReport.status(vm, ErrorReport.failure(e, attempt, exhausted), clock.instant());
      events.transition(vm, vm.getStatus(), next);
      if (!VmReport.sameStatus(vm, next)) status.write(vm, next);
    } catch (RuntimeException writeFailed) { // an error path must not fail itself: the log has it
      LOG.error("VM {}: cannot report the error in its status: {}", vm.getMetadata().getName(),
          writeFailed.getMessage());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
