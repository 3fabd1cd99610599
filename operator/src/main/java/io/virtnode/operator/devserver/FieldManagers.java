package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.operator.devserver.apply.ApplyConflictException;
import io.virtnode.operator.devserver.apply.Conflict;
import io.virtnode.operator.devserver.apply.ListSemantics;
import io.virtnode.operator.devserver.apply.ServerSideApply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    } catch (IllegalArgumentException e) {
      throw Responses.badRequest(e.getMessage());
    } catch (ApplyConflictException e) {
      List<Conflict> remaining = LastAppliedUpgrade.remaining(manager, live, e.conflicts());
      if (remaining.isEmpty()) {
        try {
          return ssa(type).apply(live, applied, manager, true, subresource, clock.instant());
        } catch (ApplyConflictException impossible) {
          throw new IllegalStateException("a forced apply reported conflicts", impossible);
        }
      }
      List<String> printed = new ArrayList<>();
      for (int i = 0; i < e.conflicts().size(); i++) {
        if (remaining.contains(e.conflicts().get(i))) {
          printed.add(e.causeMessages().get(i).replaceFirst("^conflict with ", ""));
        }
      }
      throw conflict(type, applied.path("metadata").path("name").asText(), remaining, printed);
    }
  }

  /** 409 Conflict as kube words it, one FieldManagerConflict cause per field. */
  private static ApiException conflict(ResourceType type, String name, List<Conflict> conflicts,
      List<String> printedManagers) {
    String message;
    if (conflicts.size() == 1) {
      message = "Apply failed with 1 conflict: conflict with " + printedManagers.get(0) + ": "
          + conflicts.get(0).field();
    } else {
      Map<String, List<String>> byManager = new LinkedHashMap<>();
      for (int i = 0; i < conflicts.size(); i++) {
        byManager.computeIfAbsent(printedManagers.get(i), k -> new ArrayList<>()).add(conflicts.get(i).field());
      }
      List<String> lines = new ArrayList<>();
      byManager.forEach((manager, fields) -> {
        lines.add("conflicts with " + manager + ":");
        fields.forEach(f -> lines.add("- " + f));
      });
      message = "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }
    ObjectNode status = Responses.status(409, "Conflict", message);
    ObjectNode details = status.putObject("details").put("name", name).put("group", type.group())
        .put("kind", type.plural());
    ArrayNode causes = details.putArray("causes");
    for (int i = 0; i < conflicts.size(); i++) {
      causes.addObject().put("type", "FieldManagerConflict").put("message", "conflict with " + printedManagers.get(i))
          .put("field", conflicts.get(i).field());
    }
    return new ApiException(status);
  }

  ObjectNode recordUpdate(ResourceType type, ObjectNode before, ObjectNode after, ApiRequest request,
      String subresource) {
    return ssa(type).recordUpdate(before, after, managerOf(request), subresource, clock.instant());
  }

  private ServerSideApply ssa(ResourceType type) {
    return byResource.computeIfAbsent(type.keyPrefix() + type.version() + System.identityHashCode(type.schema()),
        k -> new ServerSideApply(type.crd() == null ? ListSemantics.atomicLists()
            : ListSemantics.fromSchema(type.schema()), type.statusSubresource()));
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
