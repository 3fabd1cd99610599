package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.util.Locale;

/**
 * The patch types the dev server accepts. Strategic merge patch is refused for custom resources (415, as
 * the apiserver does: they have no patch strategy) and applied as JSON merge patch to the built-in kinds
 * served here; apply bodies are parsed here and merged by {@link FieldManagers}.
 */
final class ApplyPatches {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  enum Kind { JSON_PATCH, MERGE, STRATEGIC_MERGE, APPLY }

  private ApplyPatches() {
  }

  static Kind kindOf(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("application/json-patch+json")) {
      return Kind.JSON_PATCH;
    }
    if (type.startsWith("application/apply-patch")) {
      return Kind.APPLY;
    }
    if (type.startsWith("application/strategic-merge-patch+json")) {
      return Kind.STRATEGIC_MERGE;
    }
    return Kind.MERGE;
  }

  /** Parses an apply body, which may be YAML or JSON. */
  static ObjectNode parseApply(String body) throws IOException {
    JsonNode node = YAML.readTree(body);
    if (!(node instanceof ObjectNode object)) {
      throw new IOException("apply patch must be an object");
    }
    return object;
  }

  static JsonNode apply(Kind kind, JsonNode live, String body) throws IOException {
    return switch (kind) {
      case JSON_PATCH -> jsonPatch(live, body);
      case MERGE, STRATEGIC_MERGE -> mergePatch(live, JSON.readTree(body));
      case APPLY -> throw new IllegalArgumentException("apply patches are merged by FieldManagers");
    };
  }

  /** A JSON patch whose operations do not apply (a failed test, a missing path) is 422, as in kube. */
  private static JsonNode jsonPatch(JsonNode live, String body) throws IOException {
    try {
      return JsonPatch.apply(JSON.readTree(body), live);
    } catch (RuntimeException e) {
      throw Responses.failure(422, "Invalid", "the server rejected our request due to an error in our request: "
          + e.getMessage());
    }
  }

  /** True when the patch itself names a resourceVersion (then it is a precondition, as in the apiserver). */
  static boolean setsResourceVersion(Kind kind, String body) throws IOException {
    JsonNode patch = JSON.readTree(body);
    if (kind == Kind.JSON_PATCH) {
      for (JsonNode op : patch) {
        if (op.path("path").asText().equals("/metadata/resourceVersion")) {
          return true;
        }
      }
      return false;
    }
    return patch.path("metadata").has("resourceVersion");
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    patch.fields().forEachRemaining(f -> {
      if (f.getValue().isNull()) {
        result.remove(f.getKey());
      } else {
        result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
      }
    });
    return result;
  }
}
