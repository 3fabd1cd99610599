package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Namespaces as kube's namespace controller handles them: deleting one deletes everything in it (objects
 * with finalizers get their deletionTimestamp and the namespace stays Terminating until they are gone);
 * nothing new may be created in a Terminating namespace. Callers hold the store's lock.
 */
final class NamespaceLifecycle {
  private final ObjectStore store;
  private final Clock clock;

  NamespaceLifecycle(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** 403 Forbidden when the namespace is being terminated. */
  void checkCreate(String namespace) {
    store.get(ResourceTypes.NAMESPACES.key(null, namespace)).ifPresent(ns -> {
      if (ns.path("metadata").has("deletionTimestamp")) {
        throw Responses.failure(403, "Forbidden", "unable to create new content in namespace " + namespace
            + " because it is being terminated");
      }
    });
  }

  /** Deletes what the namespace holds, then the namespace itself unless finalizers keep some of it. */
  ObjectNode delete(String key, ObjectNode live, Deletes deletes) {
    String namespace = live.path("metadata").path("name").asText();
    for (Map.Entry<String, ObjectNode> e : contents(namespace)) {
      deletes.delete(e.getKey(), e.getValue());
    }
    if (contents(namespace).isEmpty() && !ObjectMetaRules.hasFinalizers(live)) {
      return store.remove(key).orElse(live);
    }
    if (live.path("metadata").has("deletionTimestamp")) {
      return live;
    }
    ObjectNode next = live.deepCopy();
    next.with("metadata").put("deletionTimestamp", ObjectMetaRules.timestamp(clock.instant()));
    next.with("status").put("phase", "Terminating");
    return store.put(key, next);
  }

  /** After an object of {@code namespace} went: a Terminating namespace that is now empty goes too. */
  void afterRemoval(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return;
    }
    String key = ResourceTypes.NAMESPACES.key(null, namespace);
    store.get(key).ifPresent(ns -> {
      if (ns.path("metadata").has("deletionTimestamp") && !ObjectMetaRules.hasFinalizers(ns)
          && contents(namespace).isEmpty()) {
        store.remove(key);
      }
    });
  }

  private List<Map.Entry<String, ObjectNode>> contents(String namespace) {
    return store.all().entrySet().stream().filter(e -> namespace.equals(namespaceOfKey(e.getKey()))).toList();
  }

  /** The namespace part of a storage key ({@code group/plural/namespace/name}); "" when cluster-scoped. */
  static String namespaceOfKey(String key) {
    String[] parts = key.split("/", 4);
    return parts.length == 4 ? parts[2] : "";
  }
}
