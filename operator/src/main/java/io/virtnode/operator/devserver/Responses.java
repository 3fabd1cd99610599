package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
import java.util.stream.Collectors;

/** JSON responses and Kubernetes Status objects, worded like the apiserver's. */
final class Responses {
  private Responses() {
  }

  static MockResponse json(int code, JsonNode body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  static MockResponse invalid(CrdInfo crd, String name, List<FieldError> errors) {
    String causes = errors.stream().map(FieldError::message).collect(Collectors.joining(", "));
    String message = crd.qualifiedKind() + " \"" + name + "\" is invalid: "
        + (errors.size() == 1 ? causes : "[" + causes + "]");
    ObjectNode status = status(422, "Invalid", message);
    ObjectNode details = status.putObject("details").put("name", name).put("group", crd.group())
        .put("kind", crd.kind());
    ArrayNode list = details.putArray("causes");
    errors.forEach(e -> list.addObject().put("reason", e.reason()).put("message", e.detail()).put("field", e.field()));
    return json(422, status);
  }

  /** The mock answers a create with 200; the apiserver with 201. */
  static MockResponse created(MockResponse response) {
    return response.code() == 200 ? response.setResponseCode(201) : response;
  }

  static MockResponse failure(int code, String reason, String message) {
    return json(code, status(code, reason, message));
  }

  private static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = ApplyPatches.JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    return status;
  }
}
