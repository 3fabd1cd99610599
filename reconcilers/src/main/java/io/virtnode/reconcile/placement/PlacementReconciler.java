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
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Controller-side placement: gives an unplaced VM the node label (and the agent's finalizer, in the same
 * write) or reports Scheduled=False with the reason. A placed VM is never moved here: that is migration.
 */
@ControllerConfiguration(name = "vm-placement")
public class PlacementReconciler implements Reconciler<VirtualMachine> {
  public static final String SCHEDULED = "Scheduled";
  private final Clock clock;

  public PlacementReconciler(Clock clock) { this.clock = clock; }

  @Override
  public UpdateControl<VirtualMachine> reconcile(VirtualMachine vm, Context<VirtualMachine> ctx) {
    if (vm.getMetadata().getDeletionTimestamp() != null || placedOn(vm) != null) return UpdateControl.noUpdate();
    List<Node> nodes = ctx.getClient().nodes().list().getItems();
    Map<String, Long> load = ctx.getPrimaryCache().list().map(PlacementReconciler::placedOn).filter(n -> n != null)
        .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
    NodePicker.Decision d = NodePicker.pick(vm.getSpec(), nodes, load);
    if (d.node() != null) {
      Map<String, String> labels = new HashMap<>(vm.getMetadata().getLabels() == null ? Map.of()
          : vm.getMetadata().getLabels());
      labels.put(ApiGroup.NODE_LABEL, d.node());
      vm.getMetadata().setLabels(labels);
      if (!vm.getMetadata().getFinalizers().contains(ApiGroup.AGENT_FINALIZER)) {
        vm.getMetadata().getFinalizers().add(ApiGroup.AGENT_FINALIZER);
      }
      boolean wasUnschedulable = vm.getStatus() != null
          && Conditions.find(vm.getStatus().conditions, SCHEDULED).isPresent();
      if (!wasUnschedulable) {
        vm.setStatus(null);
        return UpdateControl.patchResource(vm);
      }
      long gen = vm.getMetadata().getGeneration() == null ? 0 : vm.getMetadata().getGeneration();
      vm.getStatus().conditions = Conditions.set(vm.getStatus().conditions, new Condition(SCHEDULED, "True",
          "Placed", "placed on node " + d.node()), gen, clock.instant());
      vm.getStatus().state = null;
      return UpdateControl.patchResourceAndStatus(vm);
    }
    VirtualMachineStatus status = vm.getStatus() == null ? new VirtualMachineStatus() : vm.getStatus();
    long gen = vm.getMetadata().getGeneration() == null ? 0 : vm.getMetadata().getGeneration();
    Condition c = new Condition(SCHEDULED, "False", d.unschedulable().reason(), d.unschedulable().message());
    boolean unchanged = Conditions.find(status.conditions, SCHEDULED).map(c::sameAs).orElse(false);
    status.conditions = Conditions.set(status.conditions, c, gen, clock.instant());
    status.state = "Pending";
    vm.setStatus(status);
    UpdateControl<VirtualMachine> control = unchanged ? UpdateControl.noUpdate() : UpdateControl.patchStatus(vm);
    return control.rescheduleAfter(Duration.ofSeconds(10));
  }

  /** The node a VM is placed on, from its label, or null. */
  public static String placedOn(VirtualMachine vm) {
    Map<String, String> labels = vm.getMetadata().getLabels();
    return labels == null ? null : labels.get(ApiGroup.NODE_LABEL);
  }
}
