package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * GET of one object or a list: label and field selectors, pagination with {@code limit} and
 * {@code continue} (token as the apiserver's: base64 of {@code {"v","rv","start"}}), and Tables.
 */
final class Reads {
  private final ObjectStore store;
  private final Clock clock;

  Reads(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  JsonNode get(ResourceType type, ApiPath path, ApiRequest request) {
    ObjectNode object = store.get(type.key(path.namespace(), path.name()))
        .orElseThrow(() -> Responses.notFound(type, path.name()));
    return table(type, request) ? TableRenderer.render(type, object, request.param("includeObject"),
        clock.instant()) : object;
  }

  JsonNode list(ResourceType type, ApiPath path, ApiRequest request) {
    Predicate<JsonNode> labels = Selectors.labels(request.param("labelSelector"));
    Predicate<JsonNode> matches = labels.and(FieldSelectors.parse(type, request.param("fieldSelector")));
    String prefix = type.keyPrefix() + (type.namespaced() && path.namespace() != null ? path.namespace() + "/" : "");
    ObjectStore.Snapshot snapshot = store.list(prefix);
    long rv = snapshot.resourceVersion();
    String start = "";
    String token = request.param("continue");
    if (token != null && !token.isEmpty()) {
      JsonNode decoded = decode(token);
      rv = decoded.path("rv").asLong(rv);
      start = decoded.path("start").asText("");
    }
    long limit = parseLimit(request.param("limit"));
    ObjectNode list = ApplyPatches.JSON.createObjectNode().put("kind", type.kind() + "List")
        .put("apiVersion", type.groupVersion());
    ObjectNode metadata = list.putObject("metadata").put("resourceVersion", Long.toString(rv));
    ArrayNode items = list.putArray("items");
    List<ObjectNode> candidates = snapshot.items();
    String last = null;
    int remaining = 0;
    for (ObjectNode item : candidates) {
      String key = keyOf(type, item);
      if (key.compareTo(start) < 0 || !matches.test(item)) {
        continue;
      }
      if (limit > 0 && items.size() >= limit) {
        remaining++;
        continue;
      }
      items.add(item);
      last = key;
    }
    if (remaining > 0) {
      metadata.put("continue", encode(rv, last + "\u0000"));
      if (isBlank(request.param("labelSelector")) && isBlank(request.param("fieldSelector"))) {
        metadata.put("remainingItemCount", remaining);
      }
    }
    if (!table(type, request)) {
      return list;
    }
    ObjectNode table = TableRenderer.render(type, list, request.param("includeObject"), clock.instant());
    table.with("metadata").setAll(metadata);
    return table;
  }

  private static String keyOf(ResourceType type, JsonNode item) {
    return type.key(item.path("metadata").path("namespace").asText(""), item.path("metadata").path("name").asText());
  }

  private static boolean table(ResourceType type, ApiRequest request) {
    return type.hasTable() && TableRenderer.wantsTable(request.header("Accept"));
  }

  private static long parseLimit(String limit) {
    try {
      return limit == null || limit.isEmpty() ? 0 : Long.parseLong(limit);
    } catch (NumberFormatException e) {
      throw Responses.badRequest("limit: Invalid value: \"" + limit + "\": must be an integer");
    }
  }

  static String encode(long rv, String start) {
    ObjectNode token = ApplyPatches.JSON.createObjectNode().put("v", "meta.k8s.io/v1").put("rv", rv)
        .put("start", start);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode decode(String token) {
    try {
      return ApplyPatches.JSON.readTree(Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_')
          .replace("=", "")));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw Responses.badRequest("continue key is not valid: " + e.getMessage());
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
