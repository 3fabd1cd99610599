package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Deletes as the apiserver does them: preconditions (uid, resourceVersion) checked; an object with
 * finalizers only gets deletionTimestamp (and a new generation) and stays until they are removed.
 */
final class Deletes {
  private final ObjectStore store;
  private final Clock clock;
  private final NamespaceLifecycle namespaces;
  private final CrdCleanup crdCleanup;

  Deletes(ObjectStore store, Clock clock, NamespaceLifecycle namespaces, CrdCleanup crdCleanup) {
    this.store = store;
    this.clock = clock;
    this.namespaces = namespaces;
    this.crdCleanup = crdCleanup;
  }

  ObjectNode delete(ResourceType type, ApiPath path, ApiRequest request) throws IOException {
    JsonNode preconditions = Json.object(request.body()).path("preconditions");
    synchronized (store) {
      String key = type.key(path.namespace(), path.name());
      ObjectNode live = store.get(key).orElseThrow(() -> Responses.notFound(type, path.name()));
      checkPreconditions(type, path.name(), live, preconditions);
      if (request.dryRun()) {
        return live;
      }
      return type == ResourceTypes.NAMESPACES ? namespaces.delete(key, live, this) : delete(key, live);
    }
  }

  /** DELETE on a collection: every object the selectors match. */
  ObjectNode deleteCollection(ResourceType type, ApiPath path, ApiRequest request) {
    Predicate<JsonNode> matches = Selectors.labels(request.param("labelSelector"))
        .and(FieldSelectors.parse(type, request.param("fieldSelector")));
    ObjectNode list = ApplyPatches.JSON.createObjectNode().put("kind", type.kind() + "List")
        .put("apiVersion", type.groupVersion());
    var items = list.putArray("items");
    synchronized (store) {
      String prefix = type.keyPrefix() + (type.namespaced() && path.namespace() != null ? path.namespace() + "/" : "");
      List<ObjectNode> matching = store.list(prefix).items().stream().filter(matches::test).toList();
      for (ObjectNode live : matching) {
        items.add(request.dryRun() ? live : delete(type.key(path.namespace() == null
            ? live.path("metadata").path("namespace").asText() : path.namespace(),
            live.path("metadata").path("name").asText()), live.deepCopy()));
      }
      list.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
    }
    return list;
  }

  /** Removes the object, or marks it for deletion when finalizers hold it. Caller holds the store's lock. */
  ObjectNode delete(String key, ObjectNode live) {
    if (CrdCleanup.isCrdKey(key)) {
      return crdCleanup.delete(key, live, this);
    }
    if (!ObjectMetaRules.hasFinalizers(live)) {
      ObjectNode removed = store.remove(key).orElse(live);
      namespaces.afterRemoval(NamespaceLifecycle.namespaceOfKey(key));
      crdCleanup.afterRemoval(key);
      return removed;
    }
    if (live.path("metadata").has("deletionTimestamp")) {
      return live;
    }
    ObjectNode next = live.deepCopy();
    ObjectNode metadata = next.with("metadata");
    metadata.put("deletionTimestamp", ObjectMetaRules.timestamp(clock.instant()));
    metadata.put("deletionGracePeriodSeconds", 0);
    metadata.put("generation", live.path("metadata").path("generation").asLong(1) + 1);
    return store.put(key, next);
  }

  private static void checkPreconditions(ResourceType type, String name, JsonNode live, JsonNode preconditions) {
    String uid = preconditions.path("uid").asText("");
    String liveUid = live.path("metadata").path("uid").asText();
    if (!uid.isEmpty() && !uid.equals(liveUid)) {
      throw Responses.conflict(type, name, "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + liveUid);
    }
    String rv = preconditions.path("resourceVersion").asText("");
    String liveRv = live.path("metadata").path("resourceVersion").asText();
    if (!rv.isEmpty() && !rv.equals(liveRv)) {
      throw Responses.conflict(type, name, "Precondition failed: ResourceVersion in precondition: " + rv
          + ", ResourceVersion in object meta: " + liveRv);
    }
  }
}
