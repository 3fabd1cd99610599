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

  /** Prunes and defaults in place; returns the paths of the pruned (unknown) fields. */
  static List<String> pruneAndDefault(ObjectNode object, JsonNode schema) {
    List<String> pruned = new ArrayList<>();
    if (schema.isMissingNode()) {
      return pruned;
    }
    prune(object, schema, "", pruned);
    applyDefaults(object, schema);
    return pruned;
  }

  private static void prune(JsonNode value, JsonNode schema, String path, List<String> pruned) {
    boolean root = path.isEmpty();
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
          prune(object.get(key), properties.get(key), child(path, key), pruned);
        } else if (additional != null && additional.isObject()) {
          prune(object.get(key), additional, child(path, key), pruned);
        } else if (!preserve && isStructuredObject(schema)) {
          unknown.add(key);
        }
      }
      unknown.forEach(key -> pruned.add(child(path, key)));
      unknown.forEach(object::remove);
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), schema.get("items"), path + "[" + i + "]", pruned);
      }
    }
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Where the schema is not structural (a node with properties or items but no type), as the
   * apiserver would reject it on CRD creation; this server accepts it and keeps such nodes' values.
   */
  static List<String> nonStructural(JsonNode schema, String path) {
    List<String> problems = new ArrayList<>();
    if (!path.isEmpty() && !schema.has("type") && !schema.path("x-kubernetes-int-or-string").asBoolean(false)
        && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      problems.add(path + ".type: Required value: must not be empty for specified object fields");
    }
    schema.path("properties").fields().forEachRemaining(
        f -> problems.addAll(nonStructural(f.getValue(), path + ".properties[" + f.getKey() + "]")));
    if (schema.has("items")) {
      problems.addAll(nonStructural(schema.get("items"), path + ".items"));
    }
    return problems;
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
