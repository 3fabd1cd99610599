package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The apiserver's structural pruning and defaulting of a custom resource against its
 * openAPIV3Schema: unknown fields are dropped, then missing fields with a {@code default:} are filled
 * in, recursively (a default object is itself defaulted further down).
 */
final class SchemaDefaulter {
  private static final Set<String> ROOT_KEPT = Set.of("apiVersion", "kind", "metadata");

  private SchemaDefaulter() {
  }

  static void pruneAndDefault(ObjectNode object, JsonNode schema) {
    if (schema.isMissingNode()) {
      return;
    }
    prune(object, schema, true);
    applyDefaults(object, schema);
  }

  static void prune(JsonNode value, JsonNode schema, boolean root) {
    if (value == null || schema == null || schema.isMissingNode()) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      List<String> unknown = new ArrayList<>();
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (root && ROOT_KEPT.contains(key)) {
          continue;
        }
        if (properties != null && properties.has(key)) {
          prune(object.get(key), properties.get(key), false);
        } else if (additional != null && additional.isObject()) {
          prune(object.get(key), additional, false);
        } else if (!preserve && isStructuredObject(schema)) {
          unknown.add(key);
        }
      }
      unknown.forEach(object::remove);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(element -> prune(element, schema.get("items"), false));
    }
  }

  /** A schema that says what its fields are: anything else (no type, no properties) keeps all. */
  private static boolean isStructuredObject(JsonNode schema) {
    return schema.has("properties") || "object".equals(schema.path("type").asText());
  }

  static void applyDefaults(JsonNode value, JsonNode schema) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.get("properties");
      if (properties != null) {
        properties.fields().forEachRemaining(p -> {
          if (!object.has(p.getKey()) && p.getValue().has("default")) {
            object.set(p.getKey(), p.getValue().get("default").deepCopy());
          }
          if (object.has(p.getKey())) {
            applyDefaults(object.get(p.getKey()), p.getValue());
          }
        });
      }
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && additional.isObject()) {
        object.fields().forEachRemaining(f -> {
          if (properties == null || !properties.has(f.getKey())) {
            applyDefaults(f.getValue(), additional);
          }
        });
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(element -> applyDefaults(element, schema.get("items")));
    }
  }
}
