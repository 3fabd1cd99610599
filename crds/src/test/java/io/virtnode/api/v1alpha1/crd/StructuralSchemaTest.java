package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.api.v1alpha1.crd.GeneratedCrds.VersionSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD schemas are structural, as apiextensions.k8s.io/v1 requires ("Specifying a structural schema" in the
 * Kubernetes documentation) and as its validation checks list-maps and rules.
 */
@Tag("api")
class StructuralSchemaTest {
  /** JSONSchemaProps fields kube-apiserver accepts in a structural schema. */
  private static final Set<String> ALLOWED = Set.of("type", "format", "description", "title", "default", "maximum",
      "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
      "uniqueItems", "multipleOf", "enum", "maxProperties", "minProperties", "required", "items", "allOf", "oneOf",
      "anyOf", "not", "properties", "additionalProperties", "nullable", "example", "externalDocs",
      "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string",
      "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type", "x-kubernetes-validations");
  /** Not allowed inside allOf/anyOf/oneOf/not. */
  private static final Set<String> NOT_IN_JUNCTORS = Set.of("description", "type", "default", "additionalProperties",
      "nullable");
  private static final Set<String> SCALARS = Set.of("string", "integer", "number", "boolean");

  static List<VersionSchema> schemas() {
    return GeneratedCrds.schemas();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void theSchemaIsStructural(VersionSchema crd) {
    List<String> problems = new ArrayList<>();
    assertThat(crd.schema().path("type").asText()).as("root type").isEqualTo("object");
    for (SchemaWalk.Node node : SchemaWalk.nodes(crd.schema())) {
      check(node.path(), node.schema(), problems);
    }
    checkOldSelf(crd.schema(), "<root>", true, problems);
    JsonNode metadata = crd.schema().path("properties").path("metadata");
    if (!metadata.isMissingNode()) checkMetadata(metadata, problems);
    assertThat(problems).as("structural-schema violations in %s", crd).isEmpty();
  }

  private static void check(String path, JsonNode s, List<String> problems) {
    s.fieldNames().forEachRemaining(k -> {
      if (!ALLOWED.contains(k)) problems.add(path + ": " + k + " is not allowed");
    });
    boolean untyped = s.path("x-kubernetes-int-or-string").asBoolean(false)
        || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (!untyped && s.path("type").asText("").isEmpty()) problems.add(path + ": no type");
    if (s.has("properties") && s.has("additionalProperties")) {
      problems.add(path + ": properties and additionalProperties together");
    }
    if (s.has("additionalProperties") && !s.get("additionalProperties").isObject()) {
      problems.add(path + ": additionalProperties must be a schema");
    }
    if (s.has("items") && !s.get("items").isObject()) problems.add(path + ": items must be a single schema");
    if (s.path("type").asText().equals("array") && !s.has("items")) problems.add(path + ": array without items");
    if (s.path("uniqueItems").asBoolean(false)) problems.add(path + ": uniqueItems true is forbidden");
    for (String junctor : List.of("allOf", "anyOf", "oneOf", "not")) {
      for (JsonNode j : s.path(junctor).isArray() ? s.get(junctor) : List.of(s.path(junctor))) {
        j.fieldNames().forEachRemaining(k -> {
          if (NOT_IN_JUNCTORS.contains(k)) problems.add(path + ": " + k + " inside " + junctor);
        });
      }
    }
    checkListType(path, s, problems);
    for (JsonNode v : s.path("x-kubernetes-validations")) {
      if (v.path("rule").asText("").isBlank()) problems.add(path + ": empty rule");
      if (v.path("message").asText("").isBlank()) problems.add(path + ": rule without message: " + v.path("rule"));
      if (v.path("message").asText("").matches("(?s).*[\\r\\n].*")) problems.add(path + ": message with line breaks");
    }
  }

  private static void checkListType(String path, JsonNode s, List<String> problems) {
    String listType = s.path("x-kubernetes-list-type").asText("");
    if (s.has("x-kubernetes-list-map-keys") && !listType.equals("map")) {
      problems.add(path + ": list-map-keys without list-type map");
    }
    if (!listType.equals("map")) return;
    JsonNode items = s.path("items");
    if (!items.path("type").asText().equals("object")) problems.add(path + ": list-type map of non-objects");
    if (!s.path("x-kubernetes-list-map-keys").isArray() || s.get("x-kubernetes-list-map-keys").isEmpty()) {
      problems.add(path + ": list-type map without keys");
    }
    for (JsonNode key : s.path("x-kubernetes-list-map-keys")) {
      JsonNode field = items.path("properties").path(key.asText());
      if (!SCALARS.contains(field.path("type").asText())) problems.add(path + ": map key " + key + " is not a scalar");
      boolean required = false;
      for (JsonNode r : items.path("required")) required |= r.asText().equals(key.asText());
      if (!required && !field.has("default")) {
        problems.add(path + ": map key " + key + " must be required or have a default");
      }
    }
  }

  /** oldSelf only where old and new data correlate: not under an atomic or set list (validation.go). */
  private static void checkOldSelf(JsonNode s, String path, boolean correlatable, List<String> problems) {
    for (JsonNode v : s.path("x-kubernetes-validations")) {
      if (!correlatable && v.path("rule").asText().contains("oldSelf")) {
        problems.add(path + ": oldSelf on an uncorrelatable part of the schema: " + v.path("rule").asText());
      }
    }
    for (var p : SchemaWalk.iterable(s.path("properties"))) {
      checkOldSelf(p.getValue(), path + "." + p.getKey(), correlatable, problems);
    }
    if (s.path("items").isObject()) {
      boolean listMap = s.path("x-kubernetes-list-type").asText().equals("map");
      checkOldSelf(s.get("items"), path + "[*]", correlatable && listMap, problems);
    }
    if (s.path("additionalProperties").isObject()) {
      checkOldSelf(s.get("additionalProperties"), path + "[*]", correlatable, problems);
    }
  }

  private static void checkMetadata(JsonNode metadata, List<String> problems) {
    metadata.fieldNames().forEachRemaining(k -> {
      if (!Set.of("type", "properties", "description").contains(k)) problems.add("metadata: " + k + " not allowed");
    });
    metadata.path("properties").fieldNames().forEachRemaining(k -> {
      if (!Set.of("name", "generateName").contains(k)) problems.add("metadata: only name and generateName may be constrained, not " + k);
    });
  }
}
