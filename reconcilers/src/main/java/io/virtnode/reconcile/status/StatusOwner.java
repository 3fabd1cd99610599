package io.virtnode.reconcile.status;

import java.util.List;
import java.util.Set;

/**
 * Who writes which part of a VirtualMachine's status: the controller owns placement (nodeName and the
 * Scheduled condition), the node agent owns everything else. Each writer sends only its own fields.
 */
public enum StatusOwner {
  CONTROLLER(List.of("nodeName"), Set.of("Scheduled")),
  AGENT(List.of("state", "observedGeneration", "pid", "vnc", "disks", "addresses", "confinement", "lastExit"), null);

  private final List<String> fields;
  /** Condition types this owner writes; null: every type the other owner does not. */
  private final Set<String> conditionTypes;

  StatusOwner(List<String> fields, Set<String> conditionTypes) {
    this.fields = fields;
    this.conditionTypes = conditionTypes;
  }

  /** The status fields (besides conditions) this owner writes. */
  public List<String> fields() { return fields; }

  /** True when conditions of this type belong to this owner. */
  public boolean ownsCondition(String type) {
    if (conditionTypes != null) return conditionTypes.contains(type);
    return !CONTROLLER.conditionTypes.contains(type);
  }

  /**
   * The field manager this writer applies with: one for the controller, one for the agent role (not one per
   * node: after a migration the target's agent must own, and so prune, the conditions the source applied).
   */
  public String fieldManager() {
    return this == CONTROLLER ? "virtnode-controller" : "virtnode-agent";
  }
}
