package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Placeholder with the server-side apply API: applies as a JSON merge patch and keeps no field
 * ownership. The real algorithm (managedFields, removal of dropped fields, conflicts) replaces it.
 */
public final class ServerSideApply {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ServerSideApply(ListSemantics lists) {
  }

  /** The object after {@code manager} applied {@code applied} over {@code live} (null on create). */
  public ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource,
      Instant now) throws ApplyConflictException {
    return (ObjectNode) merge(live == null ? JSON.createObjectNode() : live.deepCopy(), applied);
  }

  /** {@code after} with managedFields updated for a non-apply write by {@code manager}. */
  public ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String subresource,
      Instant now) {
    return after;
  }

  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject() || !target.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = (ObjectNode) target;
    patch.fields().forEachRemaining(f -> result.set(f.getKey(),
        result.has(f.getKey()) ? merge(result.get(f.getKey()), f.getValue()) : f.getValue().deepCopy()));
    return result;
  }
}
