package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.operator.devserver.apply.ApplyConflictException;
import io.virtnode.operator.devserver.apply.ListSemantics;
import io.virtnode.operator.devserver.apply.ServerSideApply;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side apply and managedFields bookkeeping for every write: the field manager comes from the
 * {@code fieldManager} parameter or, as in the apiserver, the User-Agent up to its first "/".
 */
final class FieldManagers {
  private final Clock clock;
  private final Map<String, ServerSideApply> byResource = new ConcurrentHashMap<>();

  FieldManagers(Clock clock) {
    this.clock = clock;
  }

  ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, ApiRequest request, String subresource) {
    String manager = request.param("fieldManager");
    if (manager == null || manager.isEmpty()) {
      throw Responses.badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply requests");
    }
    boolean force = "true".equals(request.param("force"));
    try {
      return ssa(type).apply(live, applied, manager, force, subresource, clock.instant());
    } catch (ApplyConflictException e) {
      ObjectNode status = Responses.status(409, "Conflict", e.getMessage());
      ObjectNode details = status.putObject("details").put("name", applied.path("metadata").path("name").asText())
          .put("group", type.group()).put("kind", type.plural());
      ArrayNode causes = details.putArray("causes");
      e.conflicts().forEach(c -> causes.addObject().put("type", "FieldManagerConflict")
          .put("message", "conflict with \"" + c.manager() + "\"").put("field", c.field()));
      throw new ApiException(status);
    }
  }

  ObjectNode recordUpdate(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request,
      String subresource) {
    return ssa(type).recordUpdate(before, after, managerOf(request), subresource, clock.instant());
  }

  private ServerSideApply ssa(ResourceType type) {
    return byResource.computeIfAbsent(type.key("x", "x") + System.identityHashCode(type.schema()),
        k -> new ServerSideApply(ListSemantics.fromSchema(type.schema())));
  }

  private static String managerOf(ApiRequest request) {
    String manager = request.param("fieldManager");
    if (manager != null && !manager.isEmpty()) {
      return manager;
    }
    String agent = request.header("User-Agent");
    if (agent == null || agent.isEmpty()) {
      return "unknown";
    }
    String prefix = agent.split("/", 2)[0];
    return prefix.length() > 128 ? prefix.substring(0, 128) : prefix;
  }
}
