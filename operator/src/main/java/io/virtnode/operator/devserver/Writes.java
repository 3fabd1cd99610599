package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Create, update and patch the way the apiserver does them: the final object is computed under the
 * store's lock (patch or apply, status or spec carried over, metadata the server owns kept, rules of
 * the CRD, managedFields, generation) and stored, or refused with the apiserver's Status.
 */
final class Writes {
  private final ObjectStore store;
  private final FieldManagers managers;
  private final NamespaceLifecycle namespaces;
  private final CrdCleanup crdCleanup;
  private final Clock clock;

  Writes(ObjectStore store, FieldManagers managers, NamespaceLifecycle namespaces, CrdCleanup crdCleanup,
      Clock clock) {
    this.store = store;
    this.managers = managers;
    this.namespaces = namespaces;
    this.crdCleanup = crdCleanup;
    this.clock = clock;
  }

  ObjectNode create(ResourceType type, ApiPath path, ApiRequest request) throws IOException {
    ObjectNode incoming = Json.object(request.body());
    synchronized (store) {
      return create(type, path.namespace(), incoming, request, null);
    }
  }

  private ObjectNode create(ResourceType type, String namespace, ObjectNode incoming, ApiRequest request,
      ObjectNode applied) {
    if (type.namespaced() && (namespace == null || store.get(ResourceTypes.NAMESPACES.key(null, namespace)).isEmpty())) {
      throw Responses.namespaceNotFound(String.valueOf(namespace));
    }
    if (type.namespaced()) {
      namespaces.checkCreate(namespace);
    }
    crdCleanup.checkCreate(type);
    ObjectMetaRules.prepareCreate(type, incoming, namespace, clock.instant());
    String name = incoming.path("metadata").path("name").asText();
    String key = type.key(namespace, name);
    if (store.get(key).isPresent()) {
      throw Responses.alreadyExists(type, name);
    }
    incoming.put("apiVersion", type.groupVersion()).put("kind", type.kind());
    if (type.statusSubresource() && type.crd() != null) {
      incoming.remove("status");
    }
    CustomResourceRules.check(type, incoming, null, false, strict(request));
    BuiltinStatus.fill(type, incoming, clock.instant());
    ObjectNode next = applied != null ? incoming : managers.recordUpdate(type, null, incoming, request, "");
    return request.dryRun() ? next : store.put(key, next);
  }

  /** PUT: custom resources refuse an update without a resourceVersion (no unconditional updates), as in kube. */
  ObjectNode update(ResourceType type, ApiPath path, ApiRequest request) throws IOException {
    ObjectNode incoming = Json.object(request.body());
    if (type.crd() != null && incoming.path("metadata").path("resourceVersion").asText("").isEmpty()) {
      throw Responses.invalid(type, path.name(), List.of(new FieldError("metadata.resourceVersion",
          "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update")));
    }
    synchronized (store) {
      ObjectNode live = live(type, path);
      return update(type, path, live, incoming, request, false);
    }
  }

  ObjectNode patch(ResourceType type, ApiPath path, ApiRequest request) throws IOException {
    ApplyPatches.Kind kind = ApplyPatches.kindOf(request.header("Content-Type"));
    if (kind == ApplyPatches.Kind.STRATEGIC_MERGE && type.crd() != null) {
      throw Responses.unsupportedPatch();
    }
    synchronized (store) {
      ObjectNode live = store.get(type.key(path.namespace(), path.name())).map(ObjectNode::deepCopy).orElse(null);
      if (kind == ApplyPatches.Kind.APPLY) {
        ObjectNode applied = ApplyPatches.parseApply(request.body());
        ObjectMetaRules.checkIdentity(applied, path.name(), path.namespace());
        applied.with("metadata").put("name", path.name());
        ObjectNode result = managers.apply(type, live, applied, request, path.status() ? "status" : "");
        if (live == null) {
          if (path.status()) {
            throw Responses.notFound(type, path.name());
          }
          return create(type, path.namespace(), result, request, applied);
        }
        return update(type, path, live, result, request, true);
      }
      if (live == null) {
        throw Responses.notFound(type, path.name());
      }
      JsonNode patched = ApplyPatches.apply(kind, live, request.body());
      if (!(patched instanceof ObjectNode object)) {
        throw Responses.badRequest("patch did not produce an object");
      }
      if (!ApplyPatches.setsResourceVersion(kind, request.body())) {
        object.with("metadata").set("resourceVersion", live.path("metadata").path("resourceVersion"));
      }
      return update(type, path, live, object, request, false);
    }
  }

  private ObjectNode live(ResourceType type, ApiPath path) {
    return store.get(type.key(path.namespace(), path.name())).map(ObjectNode::deepCopy)
        .orElseThrow(() -> Responses.notFound(type, path.name()));
  }

  /** Stores {@code incoming} as the new state of {@code live}; deletes it when its last finalizer went. */
  private ObjectNode update(ResourceType type, ApiPath path, ObjectNode live, ObjectNode incoming,
      ApiRequest request, boolean applied) {
    ObjectMetaRules.checkIdentity(incoming, path.name(), path.namespace());
    String expected = incoming.path("metadata").path("resourceVersion").asText("");
    if (!expected.isEmpty() && !expected.equals(live.path("metadata").path("resourceVersion").asText())) {
      throw Responses.staleResourceVersion(type, path.name());
    }
    String uid = incoming.path("metadata").path("uid").asText("");
    String liveUid = live.path("metadata").path("uid").asText("");
    if (!uid.isEmpty() && !uid.equals(liveUid)) { // a write meant for a namesake that was deleted meanwhile
      throw Responses.uidMismatch(type, path.name(), uid, liveUid);
    }
    ObjectNode next = carryOver(type, path.status(), incoming, live);
    ObjectMetaRules.checkNoNewFinalizers(type, path.name(), live, next);
    next.with("metadata").put("name", path.name());
    if (type.namespaced()) {
      next.with("metadata").put("namespace", path.namespace());
    }
    next.put("apiVersion", type.groupVersion()).put("kind", type.kind());
    CustomResourceRules.check(type, next, live, path.status(), strict(request));
    BuiltinStatus.fill(type, next, clock.instant());
    long generation = live.path("metadata").path("generation").asLong(1);
    next.with("metadata").put("generation", specOf(type, next).equals(specOf(type, live)) ? generation
        : generation + 1);
    if (!applied) {
      next = managers.recordUpdate(type, live, next, request, path.status() ? "status" : "");
    }
    if (request.dryRun() || unchanged(live, next)) {
      return request.dryRun() ? next : live;
    }
    String key = type.key(path.namespace(), path.name());
    if (next.path("metadata").has("deletionTimestamp") && !ObjectMetaRules.hasFinalizers(next)) {
      store.put(key, next);
      ObjectNode removed = store.remove(key).orElse(next);
      namespaces.afterRemoval(path.namespace());
      crdCleanup.afterRemoval(key);
      return removed;
    }
    return store.put(key, next);
  }

  /** A write that changes nothing is not stored (no new resourceVersion, no watch event), as in kube. */
  private static boolean unchanged(ObjectNode live, ObjectNode next) {
    ObjectNode compared = next.deepCopy();
    compared.with("metadata").set("resourceVersion", live.path("metadata").path("resourceVersion"));
    return compared.equals((a, b) -> a.equals(b) || a.isNumber() && b.isNumber()
        && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1, live);
  }

  /** Status writes keep everything but status; main writes keep the status (with a status subresource). */
  private static ObjectNode carryOver(ResourceType type, boolean statusWrite, ObjectNode incoming, ObjectNode live) {
    if (statusWrite) {
      ObjectNode next = live.deepCopy();
      Json.setOrRemove(next, "status", incoming.get("status"));
      Json.setOrRemove(next.with("metadata"), "managedFields", incoming.path("metadata").get("managedFields"));
      return next;
    }
    if (type.statusSubresource()) {
      Json.setOrRemove(incoming, "status", live.get("status"));
    }
    ObjectNode metadata = incoming.with("metadata");
    for (String kept : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
        "generation")) {
      Json.setOrRemove(metadata, kept, live.path("metadata").get(kept));
    }
    return incoming;
  }

  /** Everything but metadata (and status when it is a subresource): what metadata.generation tracks. */
  private static JsonNode specOf(ResourceType type, JsonNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove(List.of("metadata", "apiVersion", "kind"));
    if (type.statusSubresource()) {
      copy.remove("status");
    }
    return copy;
  }

  private static boolean strict(ApiRequest request) {
    return "Strict".equals(request.param("fieldValidation"));
  }
}
