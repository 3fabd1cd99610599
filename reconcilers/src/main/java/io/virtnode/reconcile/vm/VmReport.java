package io.virtnode.reconcile.vm;

import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.SpecChange;
import io.virtnode.node.domain.SpecDiff;
import io.virtnode.node.vm.IdentityConflictException;
import io.virtnode.node.vm.Observation;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmObserver;
import io.virtnode.reconcile.status.Conditions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The agent's status of a VM after a step: what the host says now, the step's failure, warnings, conflicts. */
final class VmReport {
  static final String STORAGE_WARNING = "StorageWarning";
  /** Condition type set while the VM's uid is recorded for another VM on this node. */
  static final String IDENTITY_CONFLICT = IdentityConflictException.REASON;

  private final VmObserver observer;
  private final Clock clock;

  VmReport(VmObserver observer, Clock clock) {
    this.observer = observer;
    this.clock = clock;
  }

  VirtualMachineStatus status(VirtualMachine vm, VmIdentity id, DomainSpec domain, Step step) throws Exception {
    Observation after = observer.observe(id);
    SpecDiff diff = after.processAlive() && !after.stopping() ? observer.specDiff(id, domain).orElse(null) : null;
    boolean restartRequired = diff != null && (diff.restartRequired() || diff.immutableChanged());
    var disks = observer.diskFacts(id, domain.disks());
    var status = VmStatusBuilder.build(vm, after, step.failure(), restartRequired, disks, clock.instant());
    if (restartRequired) {
      status.conditions = Conditions.set(status.conditions, restartCondition(diff), generation(vm), clock.instant());
    }
    status.conditions = DiskErrors.apply(status.conditions, observer.diskErrors(id), "io-error".equals(
        after.runState()), generation(vm), clock.instant());
    if (!after.processAlive() || (step.hotplug() == Step.NO_WARNING)) {
      status.conditions = Conditions.remove(status.conditions, LiveChanges.HOTPLUG_FAILED);
    } else if (step.hotplug() != null) {
      status.conditions = Conditions.set(status.conditions, new Condition(LiveChanges.HOTPLUG_FAILED, "True",
          step.hotplug().reason(), step.hotplug().message()), generation(vm), clock.instant());
    }
    status.confinement = after.processAlive() ? observer.confinementSummary() : null;
    status.conditions = Conditions.remove(status.conditions, IDENTITY_CONFLICT);
    if (step.storageWarning() != null) {
      status.conditions = step.storageWarning() == Step.NO_WARNING
          ? Conditions.remove(status.conditions, STORAGE_WARNING)
          : Conditions.set(status.conditions, new Condition(STORAGE_WARNING, "True", step.storageWarning().reason(),
              step.storageWarning().message()), generation(vm), clock.instant());
    }
    return status;
  }

  /** RestartRequired naming what changed; an immutable change says it needs a new VM instead. */
  static Condition restartCondition(SpecDiff diff) {
    var immutable = diff.changes().stream().filter(c -> c.kind() == SpecChange.Kind.IMMUTABLE).toList();
    if (!immutable.isEmpty()) {
      return new Condition(VmStatusBuilder.RESTART_REQUIRED, "True", "ImmutableFieldChanged",
          immutable.stream().map(SpecChange::detail).collect(Collectors.joining("; "))
              + ": this cannot change for an existing VM; put the old value back, or delete and recreate the VM");
    }
    String what = diff.changes().stream().filter(c -> c.kind() == SpecChange.Kind.RESTART_REQUIRED)
        .map(SpecChange::detail).collect(Collectors.joining("; "));
    return new Condition(VmStatusBuilder.RESTART_REQUIRED, "True", "SpecChanged", what
        + " while QEMU runs; set state Stopped then Running to apply");
  }

  /** Nothing of the host is shown for a VM whose uid another VM's record holds: only the conflict. */
  VirtualMachineStatus conflict(VirtualMachine vm, IdentityConflictException e) {
    Observation none = new Observation("stopped", 0, false, null, null, Map.of(), null);
    var f = new Failure(e.reason(), e.getMessage());
    var status = VmStatusBuilder.build(vm, none, f, false, List.of(), clock.instant());
    status.conditions = Conditions.set(status.conditions, new Condition(IDENTITY_CONFLICT, "True", e.reason(),
        e.getMessage()), generation(vm), clock.instant());
    return status;
  }

  private static long generation(VirtualMachine vm) {
    return vm.getMetadata().getGeneration() == null ? 0 : vm.getMetadata().getGeneration();
  }

  /** Equal but for disk usage, which moves with every guest write and is refreshed with the next real change. */
  static boolean sameStatus(VirtualMachine vm, VirtualMachineStatus s) {
    if (vm.getStatus() == null) return false;
    var mapper = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    var old = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(vm.getStatus());
    var now = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(s);
    if (old.has("disks") != now.has("disks")) return false;
    old.remove("disks");
    now.remove("disks");
    old.remove("nodeName"); // the controller's
    now.remove("nodeName");
    return old.equals(now);
  }
}
