package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/** Kubernetes Status objects, worded like the apiserver's, as exceptions to throw. */
final class Responses {
  private Responses() {
  }

  static ApiException invalid(ResourceType type, String name, List<FieldError> errors) {
    String causes = errors.stream().map(FieldError::message).collect(Collectors.joining(", "));
    String message = type.qualifiedKind() + " \"" + name + "\" is invalid: "
        + (errors.size() == 1 ? causes : "[" + causes + "]");
    ObjectNode status = status(422, "Invalid", message);
    ObjectNode details = status.putObject("details").put("name", name).put("group", type.group())
        .put("kind", type.kind());
    ArrayNode list = details.putArray("causes");
    errors.forEach(e -> list.addObject().put("reason", e.reason()).put("message", e.detail()).put("field", e.field()));
    return new ApiException(status);
  }

  static ApiException notFound(ResourceType type, String name) {
    return withDetails(404, "NotFound", type.resource() + " \"" + name + "\" not found", type, name);
  }

  static ApiException namespaceNotFound(String namespace) {
    ObjectNode status = status(404, "NotFound", "namespaces \"" + namespace + "\" not found");
    status.putObject("details").put("name", namespace).put("kind", "namespaces");
    return new ApiException(status);
  }

  static ApiException alreadyExists(ResourceType type, String name) {
    return withDetails(409, "AlreadyExists", type.resource() + " \"" + name + "\" already exists", type, name);
  }

  /** A write against a stale resourceVersion (or failed precondition): clients retry on reason Conflict. */
  static ApiException conflict(ResourceType type, String name, String why) {
    return withDetails(409, "Conflict", "Operation cannot be fulfilled on " + type.resource() + " \"" + name
        + "\": " + why, type, name);
  }

  static ApiException staleResourceVersion(ResourceType type, String name) {
    return conflict(type, name, "the object has been modified; please apply your changes to the latest version"
        + " and try again");
  }

  /** kube's answer to a write whose metadata.uid is not the stored object's: a failed precondition. */
  static ApiException uidMismatch(ResourceType type, String name, String sent, String stored) {
    return conflict(type, name, "Precondition failed: UID in precondition: " + sent + ", UID in object meta: "
        + stored);
  }

  /** 415 for a patch type the resource has no strategy for (strategic merge on custom resources). */
  static ApiException unsupportedPatch() {
    return new ApiException(status(415, "UnsupportedMediaType", "the body of the request was in an unknown format"
        + " - accepted media types include: application/json-patch+json, application/merge-patch+json,"
        + " application/apply-patch+yaml"));
  }

  /** 500 for a failure of the server itself (its storage), never the client's fault. */
  static ApiException internalError(String message) {
    return new ApiException(status(500, "InternalError", "Internal error occurred: " + message));
  }

  static ApiException badRequest(String message) {
    return new ApiException(status(400, "BadRequest", message));
  }

  static ApiException failure(int code, String reason, String message) {
    return new ApiException(status(code, reason, message));
  }

  private static ApiException withDetails(int code, String reason, String message, ResourceType type, String name) {
    ObjectNode status = status(code, reason, message);
    status.putObject("details").put("name", name).put("group", type.group()).put("kind", type.plural());
    return new ApiException(status);
  }

  static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = ApplyPatches.JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    return status;
  }

  static ObjectNode success() {
    ObjectNode status = ApplyPatches.JSON.createObjectNode();
    status.put("kind", "Status").put("apiVersion", "v1").putObject("metadata");
    return status.put("status", "Success");
  }
}
