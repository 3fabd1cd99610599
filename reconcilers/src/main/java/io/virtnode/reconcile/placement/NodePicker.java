package io.virtnode.reconcile.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.virtnode.api.v1alpha1.VirtualMachineSpec;
import io.virtnode.reconcile.vm.Failure;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Chooses a node for a VM: nodeName if it exists, else the least loaded schedulable node matching nodeSelector. */
public final class NodePicker {
  private NodePicker() {}

  /** Placement decision: a node name or why there is none. */
  public record Decision(String node, Failure unschedulable) {}

  public static Decision pick(VirtualMachineSpec spec, List<Node> nodes, Map<String, Long> vmsPerNode) {
    if (spec.nodeName != null) {
      boolean exists = nodes.stream().anyMatch(n -> n.getMetadata().getName().equals(spec.nodeName));
      return exists ? new Decision(spec.nodeName, null)
          : new Decision(null, new Failure("NodeNotFound", "node " + spec.nodeName
              + " does not exist; fix spec.nodeName or start an agent on that node"));
    }
    Map<String, String> selector = spec.nodeSelector == null ? Map.of() : spec.nodeSelector;
    Optional<Node> best = nodes.stream()
        .filter(n -> !Boolean.TRUE.equals(n.getSpec() == null ? null : n.getSpec().getUnschedulable()))
        .filter(n -> matches(n, selector))
        .min(Comparator.<Node>comparingLong(n -> vmsPerNode.getOrDefault(n.getMetadata().getName(), 0L))
            .thenComparing(n -> n.getMetadata().getName()));
    return best.map(n -> new Decision(n.getMetadata().getName(), null))
        .orElseGet(() -> new Decision(null, new Failure("Unschedulable", nodes.isEmpty()
            ? "no nodes exist; start a virtnode agent"
            : "no schedulable node matches nodeSelector " + selector + "; label a node or change the selector")));
  }

  private static boolean matches(Node n, Map<String, String> selector) {
    Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
