package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Deleting a CRD as kube's CRD finalizer does it: the CRD turns Terminating, every instance is deleted
 * (finalizers honoured, so a controller still finishes its cleanup), no new instance may be created, and
 * the CRD goes once the last instance is gone. Callers hold the store's lock.
 */
final class CrdCleanup {
  private final ObjectStore store;
  private final CrdRegistry crds;
  private final Clock clock;

  CrdCleanup(ObjectStore store, CrdRegistry crds, Clock clock) {
    this.store = store;
    this.crds = crds;
    this.clock = clock;
  }

  static boolean isCrdKey(String key) {
    return key.startsWith(ResourceTypes.CRDS.keyPrefix());
  }

  /** Deletes the CRD stored at {@code key}: now when it has no instances, else after them. */
  ObjectNode delete(String key, ObjectNode crd, Deletes deletes) {
    List<ObjectNode> instances = instances(crd);
    if (instances.isEmpty() && !ObjectMetaRules.hasFinalizers(crd)) {
      return remove(key, crd);
    }
    ObjectNode marked = crd;
    if (!crd.path("metadata").has("deletionTimestamp")) {
      marked = crd.deepCopy();
      marked.with("metadata").put("deletionTimestamp", ObjectMetaRules.timestamp(clock.instant()));
      marked.with("metadata").put("deletionGracePeriodSeconds", 0);
      marked.with("status").set("conditions", ApplyPatches.JSON.createArrayNode().add(ApplyPatches.JSON
          .createObjectNode().put("type", "Terminating").put("status", "True")
          .put("reason", "InstanceDeletionInProgress").put("message", "CustomResource deletion is in progress")
          .put("lastTransitionTime", ObjectMetaRules.timestamp(clock.instant()))));
      marked = store.put(key, marked);
    }
    ResourceType type = typeOf(crd).orElseThrow();
    for (ObjectNode instance : instances) {
      deletes.delete(type.key(instance.path("metadata").path("namespace").asText(null),
          instance.path("metadata").path("name").asText()), instance.deepCopy());
    }
    return store.get(key).orElse(marked);
  }

  /** 405 for a new instance of a CRD that is being deleted, as the apiserver refuses it. */
  void checkCreate(ResourceType type) {
    if (type.crd() == null) {
      return;
    }
    store.get(ResourceTypes.CRDS.key(null, type.plural() + "." + type.group())).ifPresent(crd -> {
      if (crd.path("metadata").has("deletionTimestamp")) {
        throw Responses.failure(405, "MethodNotAllowed", "create not allowed while custom resource definition "
            + "is terminating");
      }
    });
  }

  /** After an object went: a Terminating CRD whose last instance that was goes too. */
  void afterRemoval(String key) {
    if (isCrdKey(key)) {
      crds.unregister(key.substring(key.lastIndexOf('/') + 1));
      return;
    }
    for (ObjectNode crd : store.list(ResourceTypes.CRDS.keyPrefix()).items()) {
      if (crd.path("metadata").has("deletionTimestamp") && !ObjectMetaRules.hasFinalizers(crd)
          && typeOf(crd).filter(t -> key.startsWith(t.keyPrefix())).isPresent() && instances(crd).isEmpty()) {
        remove(ResourceTypes.CRDS.key(null, crd.path("metadata").path("name").asText()), crd);
      }
    }
  }

  private ObjectNode remove(String key, ObjectNode crd) {
    ObjectNode removed = store.remove(key).orElse(crd);
    crds.unregister(crd.path("metadata").path("name").asText());
    return removed;
  }

  /** The served type of the CRD's instances (every version shares its storage keys); empty if not served. */
  private Optional<ResourceType> typeOf(JsonNode crd) {
    return crds.find(crd.path("metadata").path("name").asText()).stream().findFirst().map(ResourceType::of);
  }

  private List<ObjectNode> instances(JsonNode crd) {
    return typeOf(crd).map(t -> store.list(t.keyPrefix()).items()).orElse(List.of());
  }
}
