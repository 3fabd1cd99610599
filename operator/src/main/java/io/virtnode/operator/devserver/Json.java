package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Small JSON helpers shared by the handlers. */
final class Json {
  private Json() {
  }

  static ObjectNode object(String body) throws IOException {
    JsonNode node = body == null || body.isBlank() ? ApplyPatches.JSON.createObjectNode()
        : ApplyPatches.JSON.readTree(body);
    if (!(node instanceof ObjectNode object)) {
      throw Responses.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  static void setOrRemove(ObjectNode node, String field, JsonNode value) {
    if (value == null || value.isMissingNode()) {
      node.remove(field);
    } else {
      node.set(field, value);
    }
  }
}
