package io.virtnode.reconcile.migration;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.reconcile.placement.PlacementReconciler;
import io.virtnode.reconcile.vm.Failure;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/** The checks a Pending migration must pass before it may take a slot; each refusal says what to do. */
public final class MigrationValidator {
  /** Orders migrations first come, first served: creation time, then namespace and name. */
  public static final Comparator<VirtualMachineMigration> FIFO = Comparator
      .comparing((VirtualMachineMigration m) -> Objects.toString(m.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(m -> Objects.toString(m.getMetadata().getNamespace(), ""))
      .thenComparing(m -> m.getMetadata().getName());

  private MigrationValidator() {}

  /** The refusal, or empty when the migration may proceed. */
  public static Optional<Failure> refusal(Observed o) {
    String vmName = o.spec().vmName;
    VirtualMachine vm = o.vm();
    if (vm == null) {
      return refuse("VmNotFound", "no VirtualMachine " + vmName + " in namespace " + ns(o.migration())
          + "; check spec.vmName (migrations only move VMs of their own namespace)");
    }
    String state = vm.getStatus() == null ? null : vm.getStatus().state;
    String source = PlacementReconciler.placedOn(vm);
    if (source == null || !("Running".equals(state) || "Paused".equals(state))) {
      return refuse("VmNotRunning", "VM " + vmName + " is " + (state == null ? "not started" : state)
          + (source == null ? " and not placed on a node" : "") + "; only a Running or Paused VM can migrate");
    }
    String target = o.spec().targetNode;
    if (source.equals(target)) {
      return refuse("SameNode", "VM " + vmName + " already runs on " + target
          + "; name another targetNode or leave it out to let the controller choose");
    }
    String pin = vm.getSpec() == null ? null : vm.getSpec().nodeName;
    if (pin != null && (pin.equals(source) || target != null && !pin.equals(target))) {
      return refuse("PinnedToNode", "VM " + vmName + " is pinned with spec.nodeName to " + pin
          + "; clear spec.nodeName (or set it to the target) before migrating");
    }
    if (o.hostDevices() > 0) {
      return refuse("HostDevicesAttached", "VM " + vmName + " has " + o.hostDevices()
          + " passthrough host device(s), which cannot move live; detach them or stop and restart the VM elsewhere");
    }
    Optional<VirtualMachineMigration> earlier = o.migrations().stream()
        .filter(m -> !m.getMetadata().getUid().equals(o.migration().getMetadata().getUid()))
        .filter(m -> ns(m).equals(ns(o.migration())) && vmName.equals(m.getSpec().vmName))
        .filter(m -> m.getStatus() == null || m.getStatus().phase == null || !m.getStatus().phase.terminal())
        .filter(m -> FIFO.compare(m, o.migration()) < 0)
        .findFirst();
    if (earlier.isPresent()) {
      return refuse("AlreadyMigrating", "VM " + vmName + " is already being moved by migration "
          + earlier.get().getMetadata().getName() + "; wait for it to end or cancel it, then create a new one");
    }
    if (target != null) {
      String why = NodeReadiness.whyNot(o.nodes(), target);
      if (why != null) return refuse("TargetUnschedulable", why);
    }
    return Optional.empty();
  }

  private static Optional<Failure> refuse(String reason, String message) {
    return Optional.of(new Failure(reason, message));
  }

  private static String ns(VirtualMachineMigration m) {
    return Objects.toString(m.getMetadata().getNamespace(), "");
  }
}
