package io.virtnode.reconcile.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.virtnode.api.v1alpha1.ApiGroup;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import io.virtnode.reconcile.status.Conditions;
import io.virtnode.reconcile.status.StatusWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Controller-side placement: gives an unplaced VM the node label and that node's agent finalizer, then
 * writes the controller's status fields (nodeName, Scheduled); an unplaceable VM gets Scheduled=False with the
 * reason. A placed VM is never moved here: that is migration. The agent's status fields are never written.
 */
@ControllerConfiguration(name = "vm-placement")
public class PlacementReconciler implements Reconciler<VirtualMachine> {
  public static final String SCHEDULED = "Scheduled";
  /** How soon a VM just placed is checked for its controller fields. */
  static final Duration PLACED_RECHECK = Duration.ofSeconds(3);
  private final Clock clock;
  private final StatusWriter status;
  private final Placements placements;

  /** Writes the node label and finalizer of a placed VM. */
  public interface Placements {
    void place(VirtualMachine vm, String node, String finalizer);
  }

  public PlacementReconciler(Clock clock, StatusWriter status, Placements placements) {
    this.clock = clock;
    this.status = status;
    this.placements = placements;
  }

  @Override
  public UpdateControl<VirtualMachine> reconcile(VirtualMachine vm, Context<VirtualMachine> ctx) {
    if (vm.getMetadata().getDeletionTimestamp() != null) return UpdateControl.noUpdate();
    String placed = placedOn(vm);
    if (placed != null) {
      writeScheduled(vm, placed, new Condition(SCHEDULED, "True", "Placed", "placed on node " + placed));
      return UpdateControl.noUpdate();
    }
    List<Node> nodes = ctx.getClient().nodes().list().getItems();
    Map<String, Long> load = ctx.getPrimaryCache().list().map(PlacementReconciler::placedOn).filter(Objects::nonNull)
        .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    NodePicker.Decision d = NodePicker.pick(vm.getSpec(), nodes, load);
    if (d.node() != null) {
      placements.place(vm, d.node(), ApiGroup.agentFinalizer(d.node())); // Scheduled=True means labelled
      writeScheduled(vm, d.node(), new Condition(SCHEDULED, "True", "Placed", "placed on node " + d.node()));
      // the agent's first status write may race this one (conditions are one list in a merge patch): look
      // once more, and put nodeName and Scheduled back if they were lost
      return UpdateControl.<VirtualMachine>noUpdate().rescheduleAfter(PLACED_RECHECK);
    }
    writeScheduled(vm, null, new Condition(SCHEDULED, "False", d.unschedulable().reason(),
        d.unschedulable().message()));
    return UpdateControl.<VirtualMachine>noUpdate().rescheduleAfter(Duration.ofSeconds(10));
  }

  /** Writes nodeName and the Scheduled condition unless they already say so. */
  private void writeScheduled(VirtualMachine vm, String node, Condition scheduled) {
    VirtualMachineStatus read = vm.getStatus();
    boolean same = read != null && Objects.equals(read.nodeName, node)
        && Conditions.find(read.conditions, SCHEDULED).map(scheduled::sameAs).orElse(false);
    if (same) return;
    long gen = vm.getMetadata().getGeneration() == null ? 0 : vm.getMetadata().getGeneration();
    VirtualMachineStatus mine = new VirtualMachineStatus();
    mine.nodeName = node;
    mine.conditions = Conditions.set(read == null ? List.of() : read.conditions, scheduled, gen, clock.instant());
    status.write(vm, mine);
  }

  /** The node a VM is placed on, from its label, or null. */
  public static String placedOn(VirtualMachine vm) {
    Map<String, String> labels = vm.getMetadata().getLabels();
    return labels == null ? null : labels.get(ApiGroup.NODE_LABEL);
  }
}
