package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.operator.devserver.apply.TypeNode.Deduced;
import io.virtnode.operator.devserver.apply.TypeNode.ListKind;
import io.virtnode.operator.devserver.apply.TypeNode.ListType;
import io.virtnode.operator.devserver.apply.TypeNode.MapType;
import io.virtnode.operator.devserver.apply.TypeNode.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A resource's merge types read from its OpenAPI v3 schema, as kube-openapi's schema conversion reads them. */
final class SchemaTypes implements ListSemantics {
  private final MapType root;

  private SchemaTypes(MapType root) {
    this.root = root;
  }

  MapType root() {
    return root;
  }

  static SchemaTypes fromSchema(JsonNode schema) {
    if (schema == null || !schema.isObject() || schema.isEmpty()) {
      return schemaless();
    }
    TypeNode t = build(schema);
    Map<String, TypeNode> fields = new LinkedHashMap<>();
    TypeNode element = new Deduced(false);
    if (t instanceof MapType m) {
      fields.putAll(m.fields());
      element = m.elementType();
    }
    return new SchemaTypes(withObjectMeta(fields, element, false));
  }

  static SchemaTypes schemaless() {
    return new SchemaTypes(withObjectMeta(new LinkedHashMap<>(), new Deduced(true), true));
  }

  private static MapType withObjectMeta(Map<String, TypeNode> fields, TypeNode element, boolean keysNamed) {
    fields.put("apiVersion", new Scalar());
    fields.put("kind", new Scalar());
    fields.put("metadata", objectMeta());
    return new MapType(Map.copyOf(fields), element, false, keysNamed);
  }

  /** ObjectMeta: labels and annotations granular maps, finalizers a set, ownerReferences a map keyed by uid. */
  static MapType objectMeta() {
    Map<String, TypeNode> fields = new LinkedHashMap<>();
    for (String scalar : List.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
        "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds")) {
      fields.put(scalar, new Scalar());
    }
    MapType stringMap = new MapType(Map.of(), new Scalar(), false, false);
    fields.put("labels", stringMap);
    fields.put("annotations", stringMap);
    fields.put("finalizers", new ListType(ListKind.SET, List.of(), Map.of(), new Scalar()));
    Map<String, TypeNode> owner = new LinkedHashMap<>();
    for (String scalar : List.of("apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion")) {
      owner.put(scalar, new Scalar());
    }
    fields.put("ownerReferences", new ListType(ListKind.MAP, List.of("uid"), Map.of(),
        new MapType(Map.copyOf(owner), new Deduced(false), false, false)));
    fields.put("managedFields", new ListType(ListKind.ATOMIC, List.of(), Map.of(), new Deduced(false)));
    return new MapType(Map.copyOf(fields), new Deduced(false), false, false);
  }

  static TypeNode build(JsonNode s) {
    if (s == null || !s.isObject()) {
      return new Deduced(false);
    }
    if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return new Scalar();
    }
    String type = s.path("type").asText("");
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (type.equals("object") || type.isEmpty() && (s.has("properties") || s.has("additionalProperties"))) {
      Map<String, TypeNode> fields = new LinkedHashMap<>();
      s.path("properties").fields().forEachRemaining(e -> fields.put(e.getKey(), build(e.getValue())));
      JsonNode additional = s.get("additionalProperties");
      TypeNode element = additional != null && additional.isObject() ? build(additional) : new Deduced(false);
      boolean atomic = "atomic".equals(s.path("x-kubernetes-map-type").asText(""));
      return new MapType(Map.copyOf(fields), element, atomic, false);
    }
    if (type.equals("array")) {
      return list(s);
    }
    if (type.isEmpty() || preserve) {
      return new Deduced(false);
    }
    return new Scalar();
  }

  private static ListType list(JsonNode s) {
    JsonNode items = s.get("items");
    TypeNode element = build(items);
    String listType = s.path("x-kubernetes-list-type").asText("atomic");
    if (listType.equals("set")) {
      return new ListType(ListKind.SET, List.of(), Map.of(), element);
    }
    if (listType.equals("map")) {
      List<String> keys = new ArrayList<>();
      s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
      Map<String, JsonNode> defaults = new LinkedHashMap<>();
      for (String k : keys) {
        JsonNode def = items == null ? null : items.path("properties").path(k).get("default");
        if (def != null) {
          defaults.put(k, def);
        }
      }
      return new ListType(ListKind.MAP, List.copyOf(keys), Map.copyOf(defaults), element);
    }
    return new ListType(ListKind.ATOMIC, List.of(), Map.of(), element);
  }
}
