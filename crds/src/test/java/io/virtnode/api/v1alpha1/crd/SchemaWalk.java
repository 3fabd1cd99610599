package io.virtnode.api.v1alpha1.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every node of an OpenAPI v3 schema, walked through properties, items and additionalProperties, with the number
 * of times data under it can occur in one object (the product of the maxItems/maxProperties of the lists and maps
 * above it), as apiextensions-apiserver computes a rule's cardinality.
 */
public final class SchemaWalk {
  /** Data above this node is unbounded: kube's worst case for the smallest possible element. */
  public static final long UNBOUNDED_CARDINALITY = CelSizes.MAX_REQUEST_SIZE_BYTES / 2;

  /**
   * One schema node. {@code property} is true for a named property (which must carry a description);
   * {@code path} reads like a field path (spec.disks[*].name, spec.nodeSelector[*]).
   */
  public record Node(String path, JsonNode schema, long cardinality, boolean property) {}

  private SchemaWalk() {}

  /** All nodes, the root first. */
  public static List<Node> nodes(JsonNode root) {
    List<Node> out = new ArrayList<>();
    walk(root, "", 1, false, out);
    return out;
  }

  private static void walk(JsonNode schema, String path, long cardinality, boolean property, List<Node> out) {
    out.add(new Node(path.isEmpty() ? "<root>" : path, schema, cardinality, property));
    for (Map.Entry<String, JsonNode> p : iterable(schema.path("properties"))) {
      walk(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), cardinality, true, out);
    }
    if (schema.path("items").isObject()) {
      walk(schema.get("items"), path + "[*]", times(cardinality, schema.path("maxItems")), false, out);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + "[*]", times(cardinality, schema.path("maxProperties")),
          false, out);
    }
  }

  private static long times(long cardinality, JsonNode bound) {
    return bound.isIntegralNumber() ? CelSizes.multiply(cardinality, bound.asLong()) : UNBOUNDED_CARDINALITY;
  }

  static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
