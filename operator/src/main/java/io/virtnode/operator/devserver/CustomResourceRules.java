package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the apiserver does to a custom resource before storing it: prune unknown fields, apply schema
 * defaults, validate against the schema and the CEL rules (only the parts this write may change).
 */
final class CustomResourceRules {
  private CustomResourceRules() {
  }

  static void check(ResourceType type, ObjectNode next, JsonNode live, boolean statusWrite, boolean strict) {
    CrdInfo crd = type.crd();
    if (crd == null) {
      return;
    }
    List<String> unknown = SchemaDefaulter.pruneAndDefault(next, crd.schema());
    if (!unknown.isEmpty() && strict) {
      throw Responses.badRequest("strict decoding error: " + String.join(", ",
          unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
    }
    List<String> validated = validatedParts(crd, statusWrite, next);
    List<FieldError> errors = new ArrayList<>(SchemaValidator.validate(next, crd.schema(), validated));
    if (errors.isEmpty()) {
      errors.addAll(CelRules.validate(next, live, crd.schema(), validated));
    }
    if (!errors.isEmpty()) {
      throw Responses.invalid(type, next.path("metadata").path("name").asText(), errors);
    }
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
}
