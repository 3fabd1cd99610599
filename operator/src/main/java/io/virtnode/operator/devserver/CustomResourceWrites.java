package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Create, update and patch of custom resources the way the apiserver does them: the final object is
 * computed here (patch applied, status or spec carried over, pruned, defaulted, validated against the
 * schema and CEL rules, generation set) and only then stored through the CRUD mock.
 */
final class CustomResourceWrites {
  private final Dispatcher store;

  CustomResourceWrites(Dispatcher store) {
    this.store = store;
  }

  MockResponse handle(ApiRequest request, CustomResourcePath path, CrdInfo crd) throws IOException {
    JsonNode live = path.name() == null ? null : get(request, path.objectPath());
    return switch (request.method()) {
      case "POST" -> write(request, path.withName(nameOf(request.body())), crd, parse(request.body()), null);
      case "PUT" -> live == null ? notFound(crd, path) : write(request, path, crd, parse(request.body()), live);
      case "PATCH" -> patch(request, path, crd, live);
      default -> throw new IllegalArgumentException(request.method());
    };
  }

  private MockResponse patch(ApiRequest request, CustomResourcePath path, CrdInfo crd, JsonNode live)
      throws IOException {
    ApplyPatches.Kind kind = ApplyPatches.kindOf(request.header("Content-Type"));
    if (live == null) {
      if (kind != ApplyPatches.Kind.APPLY || path.status()) {
        return notFound(crd, path);
      }
      ObjectNode created = ApplyPatches.parseApply(request.body());
      created.with("metadata").put("name", path.name());
      return write(request, path, crd, created, null);
    }
    JsonNode patched = ApplyPatches.apply(kind, live, request.body());
    if (!(patched instanceof ObjectNode object)) {
      return Responses.failure(400, "BadRequest", "patch did not produce an object");
    }
    if (!request.body().contains("resourceVersion")) {
      object.with("metadata").set("resourceVersion", live.path("metadata").path("resourceVersion"));
    }
    return write(request, path, crd, object, live);
  }

  private MockResponse write(ApiRequest request, CustomResourcePath path, CrdInfo crd, ObjectNode incoming,
      JsonNode live) {
    ObjectNode next = merge(crd, path.status(), incoming, live);
    ObjectNode metadata = next.with("metadata");
    metadata.put("name", path.name());
    if (crd.namespaced()) {
      metadata.put("namespace", path.namespace());
    }
    next.put("apiVersion", crd.groupVersion()).put("kind", crd.kind());
    List<String> unknown = SchemaDefaulter.pruneAndDefault(next, crd.schema());
    if (!unknown.isEmpty() && "Strict".equals(request.query().get("fieldValidation"))) {
      return Responses.failure(400, "BadRequest", "strict decoding error: " + String.join(", ",
          unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
    }
    List<String> validated = validatedParts(crd, path.status(), next);
    List<FieldError> errors = new ArrayList<>(SchemaValidator.validate(next, crd.schema(), validated));
    if (errors.isEmpty()) {
      errors.addAll(CelRules.validate(next, live, crd.schema(), validated));
    }
    if (!errors.isEmpty()) {
      return Responses.invalid(crd, path.name(), errors);
    }
    if (live == null) {
      metadata.put("generation", 1);
      return Responses.created(store.dispatch(request.to(HttpMethod.POST, path.collectionPath(), next.toString())));
    }
    long generation = live.path("metadata").path("generation").asLong(1);
    metadata.put("generation", specOf(next).equals(specOf(live)) ? generation : generation + 1);
    return store.dispatch(request.to(HttpMethod.PUT, path.objectPath() + (path.status() ? "/status" : ""),
        next.toString()));
  }

  /** Status writes keep the live object but its status; main writes keep the live status. */
  private static ObjectNode merge(CrdInfo crd, boolean statusWrite, ObjectNode incoming, JsonNode live) {
    if (live == null) {
      if (crd.statusSubresource()) {
        incoming.remove("status");
      }
      return incoming;
    }
    if (statusWrite) {
      ObjectNode next = live.deepCopy();
      setOrRemove(next, "status", incoming.get("status"));
      setOrRemove(next.with("metadata"), "resourceVersion", incoming.path("metadata").get("resourceVersion"));
      return next;
    }
    if (crd.statusSubresource()) {
      setOrRemove(incoming, "status", live.get("status"));
    }
    ObjectNode metadata = incoming.with("metadata");
    for (String kept : List.of("uid", "creationTimestamp", "deletionTimestamp", "generation")) {
      setOrRemove(metadata, kept, live.path("metadata").get(kept));
    }
    return incoming;
  }

  private static List<String> validatedParts(CrdInfo crd, boolean statusWrite, JsonNode object) {
    if (statusWrite) {
      return List.of("status");
    }
    List<String> parts = new ArrayList<>();
    object.fieldNames().forEachRemaining(f -> {
      if (!List.of("apiVersion", "kind", "metadata").contains(f) && !(crd.statusSubresource() && f.equals("status"))) {
        parts.add(f);
      }
    });
    return parts;
  }

  /** Everything but metadata and status: what metadata.generation tracks. */
  private static JsonNode specOf(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove(List.of("metadata", "status", "apiVersion", "kind"));
    return copy;
  }

  private static void setOrRemove(ObjectNode node, String field, JsonNode value) {
    if (value == null || value.isMissingNode()) {
      node.remove(field);
    } else {
      node.set(field, value);
    }
  }

  private JsonNode get(ApiRequest request, String objectPath) throws IOException {
    MockResponse response = store.dispatch(request.to(HttpMethod.GET, objectPath, null));
    if (response.code() != 200 || response.getBody() == null) {
      return null;
    }
    return ApplyPatches.JSON.readTree(response.getBody().readUtf8());
  }

  private static ObjectNode parse(String body) throws IOException {
    JsonNode node = ApplyPatches.JSON.readTree(body);
    if (!(node instanceof ObjectNode object)) {
      throw new IOException("request body must be a JSON object");
    }
    return object;
  }

  private static String nameOf(String body) throws IOException {
    return ApplyPatches.JSON.readTree(body).path("metadata").path("name").asText("");
  }

  private static MockResponse notFound(CrdInfo crd, CustomResourcePath path) {
    return Responses.failure(404, "NotFound", crd.plural() + "." + crd.group() + " \"" + path.name()
        + "\" not found");
  }
}
