package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.api.model.Node;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.reconcile.placement.NodePicker;
import io.virtnode.reconcile.vm.Failure;
import java.util.List;
import java.util.Map;

/**
 * Picks the target node: the requested one (or the node the VM is pinned to) if it can take the VM, else
 * placement's choice among the ready nodes other than the source.
 */
public final class TargetChooser {
  private TargetChooser() {}

  /** The chosen node or why there is none; load counts the VMs placed on each node. */
  public static NodePicker.Decision choose(String requested, VirtualMachine vm, String source, List<Node> nodes,
      Map<String, Long> load) {
    String pin = vm.getSpec() == null ? null : vm.getSpec().nodeName;
    if (requested == null && pin != null && !pin.equals(source)) requested = pin;
    if (requested != null) {
      String why = NodeReadiness.whyNot(nodes, requested);
      return why == null ? new NodePicker.Decision(requested, null)
          : new NodePicker.Decision(null, new Failure("TargetUnschedulable", why));
    }
    List<Node> candidates = nodes.stream().filter(n -> !n.getMetadata().getName().equals(source))
        .filter(n -> !NodeReadiness.notReady(n)).toList();
    VirtualMachineSpec rules = new VirtualMachineSpec();
    rules.nodeSelector = vm.getSpec() == null ? null : vm.getSpec().nodeSelector;
    NodePicker.Decision d = NodePicker.pick(rules, candidates, load);
    if (d.node() != null) return d;
    return new NodePicker.Decision(null, new Failure("TargetUnschedulable", "no node other than " + source
        + " can take VM " + vm.getMetadata().getName() + ": " + d.unschedulable().message()));
  }
}
