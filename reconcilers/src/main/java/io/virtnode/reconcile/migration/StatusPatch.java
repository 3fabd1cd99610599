package io.virtnode.reconcile.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationStatus;
import java.util.List;
import java.util.Optional;

/**
 * The JSON merge patch of /status that writes only the controller's fields that changed (null removes a
 * field); the agents' sections (source, target, progress) are never part of it. Empty when nothing changed.
 */
public final class StatusPatch {
  /** The status fields the controller owns. */
  public static final List<String> OWNED = List.of("phase", "observedGeneration", "phaseTimes", "escalations",
      "failure", "conditions", "directive", "watch");
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusPatch() {}

  public static Optional<ObjectNode> diff(VirtualMachineMigrationStatus old, VirtualMachineMigrationStatus next) {
    JsonNode before = old == null ? JSON.createObjectNode() : JSON.valueToTree(old);
    JsonNode after = JSON.valueToTree(next);
    ObjectNode status = JSON.createObjectNode();
    for (String f : OWNED) {
      JsonNode a = after.path(f);
      JsonNode b = before.path(f);
      if (empty(a) && empty(b) || a.equals(b)) continue;
      status.set(f, empty(a) ? NullNode.getInstance() : a);
    }
    if (status.isEmpty()) return Optional.empty();
    ObjectNode patch = JSON.createObjectNode();
    patch.set("status", status);
    return Optional.of(patch);
  }

  private static boolean empty(JsonNode n) {
    return n.isMissingNode() || n.isNull() || n.isArray() && n.isEmpty();
  }
}
