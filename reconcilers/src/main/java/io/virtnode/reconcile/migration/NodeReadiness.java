package io.virtnode.reconcile.migration;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.List;
import java.util.Optional;

/** Whether a node may receive a VM: not cordoned, and not reported NotReady. */
final class NodeReadiness {
  private NodeReadiness() {}

  static boolean cordoned(Node n) {
    return n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
  }

  /**
   * True when the node reports a Ready condition that is not True. A node without any Ready condition (the
   * embedded dev server's nodes, whose agents post none) counts as ready.
   */
  static boolean notReady(Node n) {
    List<NodeCondition> cs = n.getStatus() == null || n.getStatus().getConditions() == null ? List.of()
        : n.getStatus().getConditions();
    return cs.stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .map(c -> !"True".equals(c.getStatus())).orElse(false);
  }

  static Optional<Node> find(List<Node> nodes, String name) {
    return nodes.stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst();
  }

  /** Why the node cannot receive a VM, or null when it can. */
  static String whyNot(List<Node> nodes, String name) {
    Optional<Node> n = find(nodes, name);
    if (n.isEmpty()) return "node " + name + " does not exist; name an existing node or leave targetNode out";
    if (cordoned(n.get())) return "node " + name + " is cordoned (unschedulable); uncordon it or pick another node";
    if (notReady(n.get())) return "node " + name + " is NotReady; wait for its agent or pick another node";
    return null;
  }
}
